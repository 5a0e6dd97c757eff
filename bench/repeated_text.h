// The long texts the first-audio benchmarks and tests read: the files of a
// folder with one extension, in name order, repeated whole up to a byte
// limit (the shared policies up to the 1 MiB request limit).
//
// Thread-safety: a pure function over the file system.
#ifndef POLICY_READER_BENCH_REPEATED_TEXT_H_
#define POLICY_READER_BENCH_REPEATED_TEXT_H_

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace policyreader::bench {

// Empty when the folder has no such file.
inline std::string RepeatedFiles(const std::string& folder,
                                 const std::string& extension, size_t limit) {
  std::vector<std::filesystem::path> paths;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.path().extension() == extension) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::string one;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    one += buffer.str() + "\n\n";
  }
  std::string all;
  while (!one.empty() && all.size() + one.size() <= limit) all += one;
  return all;
}

}  // namespace policyreader::bench

#endif  // POLICY_READER_BENCH_REPEATED_TEXT_H_
