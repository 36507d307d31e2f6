#pragma once
// Training allocates activation tensors of several MB per layer and batch, and packing a layer its
// matrices of a MB each. By default glibc maps such blocks freshly and returns them on free, so
// every batch or packing faults all their pages in again (measured: 4x slower training, 6x slower
// packing a 512 x 512 layer). The programs and the Python module call this once at start to keep
// freed memory in the heap for reuse.
namespace colcomb {

void retainFreedMemory();

} // namespace colcomb
