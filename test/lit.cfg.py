# -*- Python -*-
# lit configuration for hag: IR tests (.mlir) and tests whose input is the
# graph file itself (.el, .mtx, .cites, .hag, .txt carry their RUN lines).
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "HAG"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".el", ".mtx", ".cites", ".hag", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.hag_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%hag_src", config.hag_source_dir))
config.substitutions.append(("%datasets", config.hag_datasets_dir))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))
config.substitutions.append(("%hag_bin", config.hag_tools_dir))

llvm_config.use_default_substitutions()
# append_path keeps the system PATH (env, sh) reachable.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.hag_tools_dir, append_path=True)

# Running lowered code: mlir-runner with MLIR's runner utilities and the
# image's OpenMP runtime (docs/Testing.md).
runner_libs = [os.path.join(config.llvm_lib_dir, "libmlir_runner_utils.so"),
               os.path.join(config.llvm_lib_dir, "libmlir_c_runner_utils.so")]
for omp in ["/usr/lib/x86_64-linux-gnu/libomp.so.5", "/usr/lib/llvm-22/lib/libomp.so"]:
    if os.path.exists(omp):
        runner_libs.append(omp)
        config.available_features.add("openmp-runtime")
        break
config.substitutions.append(("%runner_libs", "-shared-libs=" + ",".join(runner_libs)))
config.substitutions.append(("%mlir_runner", os.path.join(config.llvm_tools_dir, "mlir-runner")))
# The plan runtime, for lowered code that builds graphs or plans at run time
# (hag.graph_from_edges, hag.build_plan of a run-time graph).
config.substitutions.append(("%plan_runtime", os.path.join(config.hag_obj_root, "lib", "libhag_plan_runtime.so")))

# Tests that read the shared real graphs run only where they are present.
if os.path.isdir(config.hag_datasets_dir):
    config.available_features.add("datasets")

# Ahead-of-time shared libraries of lowered modules are linked with the
# system C compiler (build-essential).
import shutil
if shutil.which("cc"):
    config.available_features.add("c-compiler")

# The cuda pipeline's cubin and fatbin formats call the CUDA toolkit's ptxas.
for ptxas in [shutil.which("ptxas"), "/usr/local/cuda/bin/ptxas"]:
    if ptxas and os.path.exists(ptxas):
        config.available_features.add("ptxas")
        break

# CUDA execution tests run where hag-cuda-probe finds a usable device; else
# they are UNSUPPORTED, and the reason is printed once.
import subprocess
probe = os.path.join(config.hag_tools_dir, "hag-cuda-probe")
if os.path.exists(probe):
    result = subprocess.run([probe], capture_output=True, text=True)
    if result.returncode == 0:
        config.available_features.add("cuda-device")
    else:
        lit_config.note("CUDA execution tests are unsupported here: " +
                        (result.stdout + result.stderr).strip())
else:
    lit_config.note("CUDA execution tests are unsupported here: this build "
                    "has no CUDA runtime (no cuda.h at configure time)")
if shutil.which("compute-sanitizer"):
    config.available_features.add("compute-sanitizer")
