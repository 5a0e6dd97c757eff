// Recent /v1/speech answers kept in memory, so the second listener of a
// policy costs a lookup instead of a synthesis, and the same URL gives the
// same bytes (a strong ETag and byte ranges joined across requests need
// that). Keyed by the response's ETag, which is computed from everything
// that determines the audio; bounded in bytes, least recently used out
// first; concurrent requests for the same key wait for the one synthesis in
// flight. The LRU is the sentence cache's (service/cache/lru.h).
//
// Thread-safety: as cache::Lru: any thread; compute runs outside the lock.
#ifndef POLICY_READER_SERVICE_HTTP_SPEECH_CACHE_H_
#define POLICY_READER_SERVICE_HTTP_SPEECH_CACHE_H_

#include <string>

#include "service/cache/lru.h"

namespace policyreader::http {

class SpeechCache : public cache::Lru<std::string> {
 public:
  using Bytes = Ptr;
  using Stats = cache::LruStats;
  using cache::Lru<std::string>::Lru;
};

}  // namespace policyreader::http

#endif  // POLICY_READER_SERVICE_HTTP_SPEECH_CACHE_H_
