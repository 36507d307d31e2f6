#pragma once
// Training allocates activation tensors of several MB per layer and batch. By default glibc maps
// such blocks freshly and returns them on free, so every batch faults all their pages in again
// (measured: 4x slower training). Programs that train call this once at start to keep freed
// memory in the heap for reuse.
namespace colcomb {

void retainFreedMemory();

} // namespace colcomb
