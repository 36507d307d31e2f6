#include "matrix/SparsityPattern.h"

namespace colcomb {

SparsityPattern::SparsityPattern(const FilterMatrix& m)
    : m_rows(m.rows()), m_cols(m.cols()), m_words(wordsFor(m.rows())),
      m_bits(static_cast<std::size_t>(m_words) * static_cast<std::size_t>(m.cols()), 0),
      m_columnNnz(static_cast<std::size_t>(m.cols()), 0), m_rowNnz(static_cast<std::size_t>(m.rows()), 0)
{
    for (int r = 0; r < m_rows; ++r) {
        for (int c = 0; c < m_cols; ++c) {
            if (m(r, c) == 0.0f) continue;
            m_bits[static_cast<std::size_t>(c) * m_words + (r >> 6)] |= Word{1} << (r & 63);
            ++m_columnNnz[static_cast<std::size_t>(c)];
            ++m_rowNnz[static_cast<std::size_t>(r)];
        }
    }
}

} // namespace colcomb
