#pragma once
// Every layer a network spec can name, one per file: conv1x1, conv (k x k), linear (the filter
// layers, which pack), shift, batchnorm, relu / relu6, global_avg_pool, maxpool, flatten.
#include "nn/BatchNorm.h"
#include "nn/Conv1x1.h"
#include "nn/Conv2d.h"
#include "nn/Flatten.h"
#include "nn/GlobalAvgPool.h"
#include "nn/Linear.h"
#include "nn/Loss.h"
#include "nn/MaxPool.h"
#include "nn/Relu.h"
#include "nn/Shift.h"
