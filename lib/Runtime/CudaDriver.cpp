//===- CudaDriver.cpp - The CUDA driver API, opened with dlopen -----------===//
//
// Resolves the driver functions listed in CudaDriver.h with dlsym and names
// driver errors, also when the driver cannot (the toolkit's stub).
//
//===----------------------------------------------------------------------===//
#include "CudaDriver.h"

#include <dlfcn.h>

using namespace hag::cuda;

namespace {
/// Names of the errors that matter when the driver cannot name them itself:
/// the stub library answers every call, cuGetErrorName included, with
/// CUDA_ERROR_STUB_LIBRARY.
const char *fallbackErrorName(CUresult result) {
  switch (result) {
  case CUDA_ERROR_INVALID_VALUE:
    return "CUDA_ERROR_INVALID_VALUE";
  case CUDA_ERROR_OUT_OF_MEMORY:
    return "CUDA_ERROR_OUT_OF_MEMORY";
  case CUDA_ERROR_NOT_INITIALIZED:
    return "CUDA_ERROR_NOT_INITIALIZED";
  case CUDA_ERROR_DEINITIALIZED:
    return "CUDA_ERROR_DEINITIALIZED";
  case CUDA_ERROR_STUB_LIBRARY:
    return "CUDA_ERROR_STUB_LIBRARY";
  case CUDA_ERROR_NO_DEVICE:
    return "CUDA_ERROR_NO_DEVICE";
  case CUDA_ERROR_INVALID_DEVICE:
    return "CUDA_ERROR_INVALID_DEVICE";
  case CUDA_ERROR_SYSTEM_DRIVER_MISMATCH:
    return "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH";
  case CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE:
    return "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE";
  default:
    return "unnamed CUDA error";
  }
}
} // namespace

std::string DriverApi::open(const std::string &path) {
  // RTLD_LOCAL: the driver's symbols stay out of the global namespace, where
  // they could satisfy another library's references by accident.
  void *library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char *reason = dlerror();
    return "cannot load the CUDA driver (" +
           std::string(reason ? reason : path.c_str()) + ")";
  }
#define HAG_RESOLVE_DRIVER_FUNCTION(name)                                      \
  name = reinterpret_cast<decltype(&::name)>(dlsym(library, #name));           \
  if (name == nullptr)                                                         \
    return "the CUDA driver " + path +                                         \
           " lacks " #name " (a driver for CUDA 12 or newer is needed)";
  HAG_FOR_EACH_DRIVER_FUNCTION(HAG_RESOLVE_DRIVER_FUNCTION)
#undef HAG_RESOLVE_DRIVER_FUNCTION
  return {};
}

std::string DriverApi::describeFailure(CUresult result,
                                       const char *call) const {
  const char *name = nullptr;
  if (cuGetErrorName == nullptr ||
      cuGetErrorName(result, &name) != CUDA_SUCCESS || name == nullptr)
    name = fallbackErrorName(result);
  return std::string(call) + ": " + name + " (" +
         std::to_string(static_cast<int>(result)) + ")";
}
