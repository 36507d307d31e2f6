"""Column combining in process: pack sparse filter matrices so that they fill a systolic array.

The method of Kung, McDanel and Zhang, "Packing Sparse Convolutional Neural Networks for Efficient
Systolic Array Implementations: Column Combining Under Joint Optimization" (ASPLOS 2019), from the
same C++ core as the `colcomb` command and the studio: the same groups, metrics and messages.

    import colcomb
    p = colcomb.pack(weight, alpha=8, gamma=0.5)     # NumPy arrays, CPU torch tensors
    p.groups, p.mask, p.packed, p.selects, p.metrics
    colcomb.cost(p, array=(32, 32), vectors=784)      # cycles, utilization, tiles, energy
    colcomb.pack_network(model.state_dict(), alpha={"conv1": 4, "*": 8})

Importing it sets glibc to keep freed memory in the heap (mallopt, as the colcomb programs do):
without it every call maps its megabytes afresh and runs six times slower.

colcomb.torch puts column combining in a PyTorch training loop (a pruning method, an ASP mask
calculator and the joint schedule).
"""
from ._core import NetworkPacking, Packing, cost, joint_step, pack, pack_network, prune_schedule, save_trained_groups

__all__ = ["Packing", "NetworkPacking", "pack", "pack_network", "cost", "joint_step", "prune_schedule", "save_trained_groups"]
