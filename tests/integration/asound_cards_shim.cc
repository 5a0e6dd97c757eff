// Test support, preloaded (LD_PRELOAD) into Debian's daisy-player only: a
// container has no sound driver, so no /proc/asound, and daisy-player exits
// at start ("Cannot read /proc/asound/cards") while listing sound cards,
// even though ALSA's default device (tests/client/player/alsa_file_sink.h)
// plays fine. The shim opens $POLICY_READER_ASOUND_CARDS (an empty list:
// no hardware cards, so daisy-player uses ALSA's default device) in its
// place. daisy-player also keeps its settings and bookmarks in the home
// directory of the passwd entry, not $HOME; getpwuid answers with $HOME as
// the home, so a test run leaves the real home alone and can read the
// bookmark. Everything else is the real player.
//
// Thread-safety: daisy-player is single-threaded where it calls these.
#include <dlfcn.h>
#include <pwd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

template <typename F>
F Next(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

const char* Redirect(const char* path) {
  const char* cards = std::getenv("POLICY_READER_ASOUND_CARDS");
  if (path != nullptr && cards != nullptr &&
      std::strcmp(path, "/proc/asound/cards") == 0) {
    return cards;
  }
  return path;
}

}  // namespace

extern "C" FILE* fopen(const char* path, const char* mode) {
  using Fopen = FILE* (*)(const char*, const char*);
  static const Fopen real = Next<Fopen>("fopen");
  return real(Redirect(path), mode);
}

extern "C" FILE* fopen64(const char* path, const char* mode) {
  using Fopen = FILE* (*)(const char*, const char*);
  static const Fopen real = Next<Fopen>("fopen64");
  return real(Redirect(path), mode);
}

extern "C" passwd* getpwuid(uid_t uid) {
  using Getpwuid = passwd* (*)(uid_t);
  static const Getpwuid real = Next<Getpwuid>("getpwuid");
  static passwd entry;
  passwd* found = real(uid);
  const char* home = std::getenv("HOME");
  if (found == nullptr || home == nullptr) return found;
  entry = *found;
  entry.pw_dir = const_cast<char*>(home);
  return &entry;
}
