#include "base/Allocation.h"

#include <malloc.h>

namespace colcomb {

void retainFreedMemory()
{
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest: blocks below it come from the heap
    mallopt(M_TRIM_THRESHOLD, 1 << 30);   // and the heap is not shrunk after every batch
}

} // namespace colcomb
