#pragma once
// Nonzero pattern of a filter matrix as one bitset per column (bit r set = row r nonzero).
// Column combining only ever asks "how many rows do these columns share", so every question
// becomes AND/OR + popcount over a few 64-bit words instead of a loop over elements.
#include "matrix/FilterMatrix.h"

#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace colcomb {

using Word = std::uint64_t;

// A row set: bit r of word r/64. Length is wordsFor(rows).
using RowSet = std::vector<Word>;

constexpr int wordsFor(int bits) { return (bits + 63) / 64; }

inline int popcount(std::span<const Word> a)
{
    int n = 0;
    for (Word w : a) n += std::popcount(w);
    return n;
}

inline int popcountAnd(std::span<const Word> a, std::span<const Word> b)
{
    int n = 0;
    for (std::size_t i = 0; i < a.size(); ++i) n += std::popcount(a[i] & b[i]);
    return n;
}

inline int popcountOr(std::span<const Word> a, std::span<const Word> b)
{
    int n = 0;
    for (std::size_t i = 0; i < a.size(); ++i) n += std::popcount(a[i] | b[i]);
    return n;
}

inline void orInto(std::span<Word> dst, std::span<const Word> src)
{
    for (std::size_t i = 0; i < dst.size(); ++i) dst[i] |= src[i];
}

inline bool testBit(std::span<const Word> a, int bit) { return (a[bit >> 6] >> (bit & 63)) & 1u; }
inline void setBit(std::span<Word> a, int bit) { a[bit >> 6] |= Word{1} << (bit & 63); }

class SparsityPattern {
public:
    explicit SparsityPattern(const FilterMatrix& m);

    int rows() const { return m_rows; }
    int cols() const { return m_cols; }
    int words() const { return m_words; }
    std::span<const Word> column(int c) const { return {m_bits.data() + static_cast<std::size_t>(c) * m_words, static_cast<std::size_t>(m_words)}; }
    int columnNnz(int c) const { return m_columnNnz[static_cast<std::size_t>(c)]; }
    int rowNnz(int r) const { return m_rowNnz[static_cast<std::size_t>(r)]; }

private:
    int m_rows = 0;
    int m_cols = 0;
    int m_words = 0;
    std::vector<Word> m_bits;
    std::vector<int> m_columnNnz;
    std::vector<int> m_rowNnz;
};

} // namespace colcomb
