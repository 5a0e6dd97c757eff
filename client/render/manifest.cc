#include "client/render/manifest.h"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace policyreader::render {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// `text` as a JSON string, escaped by protobuf's JSON printer.
std::string Quote(std::string_view text) {
  Value value;
  value.set_string_value(std::string(text));
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(value, &out).ok()) {
    return "\"\"";  // Not UTF-8: the server never sends such text.
  }
  return out;
}

absl::Status Invalid(const std::string& what) {
  return absl::InvalidArgumentError(
      absl::StrCat("manifestet er ugyldigt: ", what));
}

absl::StatusOr<std::string> GetString(const Struct& object,
                                      const std::string& name) {
  auto it = object.fields().find(name);
  if (it == object.fields().end() || !it->second.has_string_value()) {
    return Invalid(absl::StrCat("\"", name, "\" mangler"));
  }
  return it->second.string_value();
}

absl::StatusOr<uint64_t> GetNumber(const Struct& object,
                                   const std::string& name) {
  auto it = object.fields().find(name);
  if (it == object.fields().end() ||
      it->second.kind_case() != Value::kNumberValue) {
    return Invalid(absl::StrCat("\"", name, "\" mangler"));
  }
  const double value = it->second.number_value();
  if (value < 0 || value > 9007199254740992.0 || std::floor(value) != value) {
    return Invalid(absl::StrCat("\"", name, "\" er ikke et helt tal"));
  }
  return static_cast<uint64_t>(value);
}

absl::Status ErrnoError(const std::string& what, const std::string& path) {
  return absl::InternalError(
      absl::StrCat("Kan ikke ", what, " ", path, ": ", std::strerror(errno)));
}

}  // namespace

std::string ManifestToJson(const Manifest& manifest) {
  std::string out = absl::StrCat("{\"version\": ", kManifestVersion,
                                 ", \"voice\": ", Quote(manifest.voice),
                                 ", \"format\": ", Quote(manifest.format),
                                 ", \"split\": ", Quote(manifest.split),
                                 ",\n \"prompts\": [");
  for (size_t i = 0; i < manifest.prompts.size(); ++i) {
    const Prompt& p = manifest.prompts[i];
    absl::StrAppend(
        &out, i == 0 ? "\n  " : ",\n  ", "{\"file\": ", Quote(p.file),
        ", \"id\": ", Quote(p.id), ", \"source\": ", Quote(p.source),
        ", \"format\": ", Quote(p.format), ", \"key\": ", Quote(p.key),
        ", \"duration_ms\": ", p.duration_ms, ", \"bytes\": ", p.bytes,
        ", \"begin\": ", p.begin, ", \"end\": ", p.end,
        ", \"first_sentence\": ", p.first_sentence,
        ", \"last_sentence\": ", p.last_sentence, ", \"text\": ", Quote(p.text),
        ", \"spoken_text\": ", Quote(p.spoken_text), "}");
  }
  absl::StrAppend(&out, "\n ]}\n");
  return out;
}

absl::StatusOr<Manifest> ParseManifest(const std::string& json) {
  Struct root;
  if (!google::protobuf::util::JsonStringToMessage(json, &root).ok()) {
    return Invalid("ikke gyldig JSON");
  }
  absl::StatusOr<uint64_t> version = GetNumber(root, "version");
  if (!version.ok()) return version.status();
  if (*version != kManifestVersion) {
    return Invalid(absl::StrCat("ukendt version ", *version));
  }
  Manifest manifest;
  for (auto [name, field] : {std::pair{"voice", &manifest.voice},
                             std::pair{"format", &manifest.format},
                             std::pair{"split", &manifest.split}}) {
    absl::StatusOr<std::string> value = GetString(root, name);
    if (!value.ok()) return value.status();
    *field = *std::move(value);
  }
  auto prompts = root.fields().find("prompts");
  if (prompts == root.fields().end() || !prompts->second.has_list_value()) {
    return Invalid("\"prompts\" mangler");
  }
  for (const Value& item : prompts->second.list_value().values()) {
    if (!item.has_struct_value()) return Invalid("en prompt er ikke et objekt");
    const Struct& object = item.struct_value();
    Prompt prompt;
    for (auto [name, field] :
         {std::pair{"file", &prompt.file}, std::pair{"id", &prompt.id},
          std::pair{"source", &prompt.source},
          std::pair{"format", &prompt.format}, std::pair{"key", &prompt.key},
          std::pair{"text", &prompt.text},
          std::pair{"spoken_text", &prompt.spoken_text}}) {
      absl::StatusOr<std::string> value = GetString(object, name);
      if (!value.ok()) return value.status();
      *field = *std::move(value);
    }
    for (auto [name, field] : {std::pair{"duration_ms", &prompt.duration_ms},
                               std::pair{"bytes", &prompt.bytes}}) {
      absl::StatusOr<uint64_t> value = GetNumber(object, name);
      if (!value.ok()) return value.status();
      *field = *value;
    }
    for (auto [name, field] :
         {std::pair{"begin", &prompt.begin}, std::pair{"end", &prompt.end},
          std::pair{"first_sentence", &prompt.first_sentence},
          std::pair{"last_sentence", &prompt.last_sentence}}) {
      absl::StatusOr<uint64_t> value = GetNumber(object, name);
      if (!value.ok()) return value.status();
      if (*value > UINT32_MAX) return Invalid(absl::StrCat("\"", name, "\""));
      *field = static_cast<uint32_t>(*value);
    }
    // A manifest edited by hand must not send the next run outside the
    // output folder when it removes prompts.
    const std::filesystem::path path(prompt.file);
    if (prompt.file.empty() || path.is_absolute() ||
        prompt.file.find("..") != std::string::npos) {
      return Invalid(absl::StrCat("filnavnet \"", prompt.file, "\""));
    }
    manifest.prompts.push_back(std::move(prompt));
  }
  return manifest;
}

absl::StatusOr<Manifest> ReadManifest(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    if (errno == ENOENT) return Manifest();
    return ErrnoError("læse", path);
  }
  std::string json;
  char buffer[1 << 16];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof(buffer), file)) > 0) {
    json.append(buffer, got);
  }
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return ErrnoError("læse", path);
  absl::StatusOr<Manifest> manifest = ParseManifest(json);
  if (!manifest.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", manifest.status().message()));
  }
  return manifest;
}

absl::Status WriteFileAtomically(const std::string& path,
                                 const std::string& bytes) {
  const std::filesystem::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) {
      return absl::InternalError(absl::StrCat("Kan ikke oprette mappen ",
                                              target.parent_path().string(),
                                              ": ", ec.message()));
    }
  }
  const std::string temp = absl::StrCat(path, ".tmp-", getpid());
  std::FILE* file = std::fopen(temp.c_str(), "wb");
  if (file == nullptr) return ErrnoError("skrive", temp);
  const bool written =
      std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    absl::Status status = ErrnoError("skrive", temp);
    std::remove(temp.c_str());
    return status;
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    absl::Status status = ErrnoError("skrive", path);
    std::remove(temp.c_str());
    return status;
  }
  return absl::OkStatus();
}

absl::Status WriteManifest(const std::string& path, const Manifest& manifest) {
  return WriteFileAtomically(path, ManifestToJson(manifest));
}

}  // namespace policyreader::render
