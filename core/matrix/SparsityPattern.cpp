#include "matrix/SparsityPattern.h"

namespace colcomb {

SparsityPattern::SparsityPattern(const FilterMatrix& m)
    : m_rows(m.rows()), m_cols(m.cols()), m_words(wordsFor(m.rows())),
      m_bits(static_cast<std::size_t>(m_words) * static_cast<std::size_t>(m.cols()), 0),
      m_columnNnz(static_cast<std::size_t>(m.cols()), 0), m_rowNnz(static_cast<std::size_t>(m.rows()), 0)
{
    // Branch-free: a sparse layer's zeros and nonzeros alternate at random, so a branch per cell
    // mispredicts on most nonzeros; here every cell costs the same few instructions.
    const float* values = m.weights().data();
    for (int r = 0; r < m_rows; ++r) {
        const float* row = values + static_cast<std::size_t>(r) * static_cast<std::size_t>(m_cols);
        Word* word = m_bits.data() + (r >> 6);
        const int shift = r & 63;
        int rowNnz = 0;
        for (int c = 0; c < m_cols; ++c) {
            const Word bit = row[c] != 0.0f ? 1 : 0;
            word[static_cast<std::size_t>(c) * static_cast<std::size_t>(m_words)] |= bit << shift;
            m_columnNnz[static_cast<std::size_t>(c)] += static_cast<int>(bit);
            rowNnz += static_cast<int>(bit);
        }
        m_rowNnz[static_cast<std::size_t>(r)] = rowNnz;
    }
}

} // namespace colcomb
