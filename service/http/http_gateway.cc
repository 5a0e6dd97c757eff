// See http_gateway.h. With connection_threads.cc and guarded_server.cc, the
// only files that include httplib (through httplib_config.h).
#include "service/http/http_gateway.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "client/book/book_builder.h"
#include "client/book/talking_book.h"
#include "client/rpc/calls.h"
#include "client/rpc/outline.h"
#include "policyreader/v1/policy_reader.grpc.pb.h"
#include "service/audio/mp3_encoder.h"
#include "service/http/connection_threads.h"
#include "service/http/guarded_server.h"
#include "service/http/http_rules.h"
#include "service/http/httplib_config.h"
#include "service/http/speech_cache.h"
#include "service/http/word_timings.h"
#include "service/logging/log.h"

namespace policyreader::http {
namespace {

constexpr char kJson[] = "application/json";
// Connections the kernel queues for accept (somaxconn caps it).
constexpr int kListenBacklog = 1024;
constexpr char kImmutable[] = "public, max-age=31536000, immutable";
// The library's audio format in the browser (every browser plays it).
constexpr char kMp3Format[] = "mp3";
// The service's MP3 rate when the request names none (AudioEncoding MP3).
constexpr uint32_t kMp3DefaultRateHz = 22050;
// Clients retrying a refused synthesis wait this long (seconds); a short
// text takes about this long to synthesize.
constexpr char kRetryAfterSeconds[] = "1";
// JSON escapes can take six bytes for a two-byte character ("\u00e6").
constexpr size_t kJsonExpansion = 6;
constexpr size_t kBodyOverhead = 64 * 1024;

void SendError(httplib::Response& res, int status, absl::string_view message) {
  res.status = status;
  res.set_content(JsonError(message), kJson);
}

void SendStatus(httplib::Response& res, const absl::Status& status) {
  SendError(res, HttpStatusFor(status), status.message());
}

// Proto field names (snake_case, as in the .proto and the gRPC API), and
// zeros and empty fields printed, so a browser never has to know proto3's
// defaults (sentence 0's index, begin 0).
absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot write JSON: ", status.ToString()));
  }
  return json;
}

absl::string_view ErrorText(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 413:
      return "request too large";
    case 414:
      // cpp-httplib's limit (8192 characters), compiled into Debian's
      // library; for /v1/speech that is the text, percent-encoded.
      return "URL too long: at most 8192 characters; read a long text in "
             "parts";
    case 416:
      return "range not satisfiable";
    default:
      return "request failed";
  }
}

constexpr char kRequestIdHeader[] = "X-Request-Id";

// The files of one synthesis (a library sentence's, /v1/documents/{id}/
// sentences/..., or a /v1/speech text's): its audio and its word timings
// in two forms.
enum class FileKind { kAudio = 0, kJson = 1, kVtt = 2 };

FileKind FileKindOf(const std::string& extension) {
  if (extension == "json") return FileKind::kJson;
  if (extension == "vtt") return FileKind::kVtt;
  return FileKind::kAudio;
}

// A /v1/speech file's word timings are tagged as the audio's words, with
// the version of how words are tied to the text (MapWordTimings).
std::string SpeechWordsEtag(const std::string& audio_etag,
                            absl::string_view extension) {
  return absl::StrCat(audio_etag.substr(0, audio_etag.size() - 1), "-words1-",
                      extension, "\"");
}

absl::string_view WordsContentType(FileKind file) {
  return file == FileKind::kJson ? kJson : "text/vtt; charset=utf-8";
}

absl::string_view ExtensionOf(FileKind file) {
  switch (file) {
    case FileKind::kJson:
      return "json";
    case FileKind::kVtt:
      return "vtt";
    case FileKind::kAudio:
      break;
  }
  return "mp3";
}

// What the access line says about the request being served on this thread:
// cpp-httplib runs a request's pre-routing handler, its handler and its
// logger on one connection thread, one request after the other, and gives
// them no place of their own to share.
struct RequestNote {
  bool started = false;
  absl::Time start;
  std::string request_id;
  logging::Fields fields;  // Added by the handler (text size, cache, ...).
};
thread_local RequestNote request_note;

// The route a path is counted under: a fixed set, so a client cannot make
// new metric series by inventing paths.
std::string RouteOf(const std::string& path, bool metrics_only) {
  for (const char* route :
       {"/healthz", "/metrics", "/v1/segment", "/v1/speech", "/v1/speech.json",
        "/v1/speech.vtt", "/v1/documents"}) {
    if (path == route) return route;
  }
  if (!metrics_only && path.rfind("/v1/documents/", 0) == 0) {
    return "/v1/documents/{id}";
  }
  if (path.rfind("/v1/", 0) == 0) return "/v1/other";
  return metrics_only ? "other" : "static";
}

}  // namespace

class HttpGateway::Impl {
 public:
  Impl(const HttpOptions& options, std::shared_ptr<grpc::Channel> channel,
       std::function<bool()> serving)
      : options_(options),
        channel_(std::move(channel)),
        stub_(v1::PolicyReader::NewStub(channel_)),
        speech_(MakeServiceSpeechSource(stub_.get(), options_)),
        cache_(options_.cache_bytes),
        serving_(std::move(serving)),
        server_(options_.connection_limits) {}

  absl::Status Listen() {
    absl::StatusOr<std::pair<std::string, int>> address =
        ParseListenAddress(options_.listen_address);
    if (!address.ok()) return address.status();
    Configure();
    const auto& [host, port] = *address;
    if (port == 0) {
      port_ = server_.bind_to_any_port(host);
    } else if (server_.bind_to_port(host, port)) {
      port_ = port;
    }
    if (port_ <= 0) {
      return absl::UnavailableError(absl::StrCat(
          "cannot serve HTTP on ", options_.listen_address,
          "; is the port taken, or not an address of this machine? Choose "
          "one with --http_listen"));
    }
    // Debian builds httplib as a library that listens with a backlog of 5
    // (CPPHTTPLIB_LISTEN_BACKLOG cannot reach it): a burst of connections
    // beyond that waited for SYN retransmits, a second or more each.
    // Listening again on the bound socket sets the queue's length.
    if (listen_socket_ >= 0 && ::listen(listen_socket_, kListenBacklog) != 0) {
      return absl::InternalError(
          absl::StrCat("cannot set the HTTP listen backlog: errno ", errno));
    }
    thread_ = std::thread([this] {
      server_.listen_after_bind();
      exited_.Notify();
    });
    return absl::OkStatus();
  }

  int port() const { return port_; }
  SpeechCache::Stats cache_stats() const { return cache_.stats(); }
  ConnectionStats connection_stats() const { return server_.stats(); }

  void Shutdown() {
    {
      absl::MutexLock lock(&mu_);
      if (shut_down_ || !thread_.joinable()) return;
      shut_down_ = true;
    }
    speech_->Cancel();
    book_canceller_.CancelAll();
    // stop() does nothing before the listening thread has marked the server
    // running, so it is repeated until that thread has left.
    do {
      server_.stop();
    } while (!exited_.WaitForNotificationWithTimeout(absl::Milliseconds(10)));
    thread_.join();
  }

 private:
  void Configure() {
    const int max_connections = options_.max_connections;
    const int idle_threads = options_.idle_threads;
    server_.new_task_queue = [max_connections, idle_threads] {
      return new ConnectionThreads(max_connections, idle_threads);
    };
    const auto io = absl::ToChronoMicroseconds(options_.io_timeout);
    // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let a second
    // server share a taken port silently and take half its connections.
    server_.set_socket_options([this](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
      listen_socket_ = sock;
    });
    // Small keep-alive answers go out at once, not after Nagle's delay.
    server_.set_tcp_nodelay(true);
    server_.set_read_timeout(io);
    server_.set_write_timeout(io);
    server_.set_keep_alive_timeout(
        std::max<time_t>(1, absl::ToInt64Seconds(options_.keep_alive_timeout)));
    server_.set_payload_max_length(
        options_.max_segment_text_bytes * kJsonExpansion + kBodyOverhead);

    server_.set_pre_routing_handler(
        [](const httplib::Request& req, httplib::Response& res) {
          BeginRequest(req, res);
          return httplib::Server::HandlerResponse::Unhandled;
        });
    server_.set_logger(
        [this](const httplib::Request& req, const httplib::Response& res) {
          EndRequest(req, res);
        });
    server_.Get("/healthz",
                [this](const httplib::Request&, httplib::Response& res) {
                  const bool serving = serving_();
                  res.status = serving ? 200 : 503;
                  res.set_content(serving ? "ok" : "not serving", "text/plain");
                });
    if (options_.metrics != nullptr) {
      server_.Get("/metrics",
                  [this](const httplib::Request&, httplib::Response& res) {
                    res.status = 200;
                    res.set_header("Cache-Control", "no-store");
                    res.set_content(options_.metrics->Render(),
                                    metrics::kExpositionContentType);
                  });
    }
    if (options_.metrics_only) {
      server_.set_error_handler(httplib::Server::HandlerWithResponse(
          [](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) {
              return httplib::Server::HandlerResponse::Unhandled;
            }
            res.set_content(JsonError(ErrorText(res.status)), kJson);
            return httplib::Server::HandlerResponse::Handled;
          }));
      return;
    }
    server_.Post("/v1/segment",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   Segment(req, res);
                 });
    server_.Get("/v1/speech",
                [this](const httplib::Request& req, httplib::Response& res) {
                  Speech(req, res, FileKind::kAudio);
                });
    server_.Get(R"(/v1/speech\.(json|vtt))",
                [this](const httplib::Request& req, httplib::Response& res) {
                  Speech(req, res, FileKindOf(req.matches[1].str()));
                });
    server_.Get("/v1/documents",
                [this](const httplib::Request&, httplib::Response& res) {
                  ListDocuments(res);
                });
    server_.Get(R"(/v1/documents/([^/]+)/book\.epub)",
                [this](const httplib::Request& req, httplib::Response& res) {
                  Book(req, req.matches[1].str(), res);
                });
    // The audio routes come before /v1/documents/{id}, which would match
    // "{id}.mp3" too (the first route that matches wins).
    server_.Get(
        R"(/v1/documents/([^/]+)/sentences/(\d{1,9})-([0-9a-f]{32})\.(mp3|json|vtt))",
        [this](const httplib::Request& req, httplib::Response& res) {
          SentenceRoute(req, res, req.matches[3].str(),
                        FileKindOf(req.matches[4].str()));
        });
    server_.Get(R"(/v1/documents/([^/]+)/sentences/(\d{1,9})\.(mp3|json|vtt))",
                [this](const httplib::Request& req, httplib::Response& res) {
                  SentenceRoute(req, res, /*key=*/"",
                                FileKindOf(req.matches[3].str()));
                });
    server_.Get(R"(/v1/documents/([^/]+)/audio-([0-9a-f]{32})\.mp3)",
                [this](const httplib::Request& req, httplib::Response& res) {
                  DocumentAudioRoute(req, res, req.matches[2].str());
                });
    server_.Get(R"(/v1/documents/([^/]+)\.mp3)",
                [this](const httplib::Request& req, httplib::Response& res) {
                  DocumentAudioRoute(req, res, /*key=*/"");
                });
    // The library player is a folder of the static files; its relative
    // URLs need the trailing slash.
    server_.Get("/bibliotek",
                [](const httplib::Request&, httplib::Response& res) {
                  res.set_redirect("/bibliotek/", 301);
                });
    server_.Get(R"(/v1/documents/([^/]+))",
                [this](const httplib::Request& req, httplib::Response& res) {
                  GetDocument(req.matches[1].str(), res);
                });
    server_.Options(
        ".*", [this](const httplib::Request& req, httplib::Response& res) {
          res.status = 204;
          for (auto& [name, value] :
               CorsHeaders(req.get_header_value("Origin"),
                           options_.cors_origins, /*preflight=*/true)) {
            res.set_header(name, value);
          }
        });
    server_.Get(".*", [this](const httplib::Request& req,
                             httplib::Response& res) { StaticFile(req, res); });

    server_.set_post_routing_handler(
        [this](const httplib::Request& req, httplib::Response& res) {
          AddCors(req, res);
        });
    // Errors cpp-httplib answers itself (no route, body too large, a Range
    // it cannot parse) get the same JSON shape as ours.
    server_.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request&, httplib::Response& res) {
          if (!res.body.empty()) {
            return httplib::Server::HandlerResponse::Unhandled;
          }
          res.set_content(JsonError(ErrorText(res.status)), kJson);
          return httplib::Server::HandlerResponse::Handled;
        }));
    // Nothing on the request path throws by design; this is the backstop
    // that keeps a surprise from reaching the client as a bare 500.
    server_.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res,
           std::exception_ptr) { SendError(res, 500, "internal error"); });
  }

  static void BeginRequest(const httplib::Request& req,
                           httplib::Response& res) {
    request_note = RequestNote();
    request_note.started = true;
    request_note.start = absl::Now();
    request_note.request_id =
        logging::RequestIdOrNew(req.get_header_value(kRequestIdHeader));
    res.set_header(kRequestIdHeader, request_note.request_id);
    // The gRPC calls this request makes carry it on (rpc::CallOptions).
    logging::SetCurrentRequestId(request_note.request_id);
  }

  // Runs once the answer is written, also for requests cpp-httplib refused
  // before routing (a malformed request line, a URL too long).
  void EndRequest(const httplib::Request& req, const httplib::Response& res) {
    const absl::Time now = absl::Now();
    RequestNote note = std::move(request_note);
    request_note = RequestNote();
    logging::SetCurrentRequestId("");
    if (!note.started) {
      note.start = now;
      note.request_id = logging::NewRequestId();
    }
    const std::string route = RouteOf(req.path, options_.metrics_only);
    if (options_.metrics != nullptr) {
      options_.metrics->HttpRequest(route, res.status, now - note.start);
    }
    logging::Fields fields;
    fields.Add("proto", "http")
        .Add("request_id", note.request_id)
        .Add("method", req.method)
        .Add("route", route)
        .Add("path", req.path)
        .Add("remote", req.remote_addr)
        .Add("status", res.status)
        .Add("bytes", static_cast<uint64_t>(res.body.size()))
        .Append(note.fields)
        .AddMs("duration_ms", now - note.start);
    logging::Log(logging::Level::kInfo, "access", fields);
  }

  void AddCors(const httplib::Request& req, httplib::Response& res) {
    if (options_.cors_origins.empty()) return;
    // Whether a response carries CORS headers depends on Origin, and speech
    // responses are cached by shared caches: they must know.
    res.set_header("Vary", "Origin");
    if (req.method == "OPTIONS") return;  // The handler answered it.
    for (auto& [name, value] :
         CorsHeaders(req.get_header_value("Origin"), options_.cors_origins,
                     /*preflight=*/false)) {
      res.set_header(name, value);
    }
  }

  rpc::CallOptions Call() const {
    return {.timeout = options_.call_timeout,
            .request_id = logging::CurrentRequestId()};
  }

  void Segment(const httplib::Request& req, httplib::Response& res) {
    google::protobuf::Struct body;
    if (!google::protobuf::util::JsonStringToMessage(req.body, &body).ok()) {
      return SendError(res, 400,
                       "the body must be a JSON object: "
                       "{\"text\": \"...\", \"format\": \"plain\"}");
    }
    v1::SegmentRequest request;
    for (const auto& [name, value] : body.fields()) {
      if (name == "text" && value.has_string_value()) {
        request.set_text(value.string_value());
      } else if (name == "format" && value.has_string_value()) {
        const std::string& format = value.string_value();
        if (format == "plain" || format.empty()) {
          request.set_format(v1::TEXT_FORMAT_PLAIN);
        } else if (format == "markdown") {
          request.set_format(v1::TEXT_FORMAT_MARKDOWN);
        } else if (format == "html") {
          request.set_format(v1::TEXT_FORMAT_HTML);
        } else {
          return SendError(res, 400,
                           absl::StrCat("format must be plain, markdown or "
                                        "html, not '",
                                        format, "'"));
        }
      } else {
        return SendError(res, 400,
                         absl::StrCat("unexpected field '", name,
                                      "'; send text (a string) and format"));
      }
    }
    request_note.fields.Add("text_bytes",
                            static_cast<uint64_t>(request.text().size()));
    if (request.text().empty()) return SendError(res, 400, "text is empty");
    if (request.text().size() > options_.max_segment_text_bytes) {
      return SendError(
          res, 413,
          absl::StrCat("text is ", request.text().size(), " bytes; at most ",
                       options_.max_segment_text_bytes, " are accepted"));
    }
    Answer(rpc::Segment(stub_.get(), request, Call()), res);
  }

  template <typename Message>
  void Answer(const absl::StatusOr<Message>& message, httplib::Response& res) {
    if (!message.ok()) return SendStatus(res, message.status());
    absl::StatusOr<std::string> json = ToJson(*message);
    if (!json.ok()) return SendStatus(res, json.status());
    res.status = 200;
    res.set_content(*std::move(json), kJson);
  }

  void ListDocuments(httplib::Response& res) {
    Answer(rpc::ListDocuments(stub_.get(), v1::ListDocumentsRequest(), Call()),
           res);
  }

  // The document with its sentences, plus where their audio is:
  // "sentence_audio" (one content-addressed URL per sentence, in order),
  // "sentence_words" (each sentence's word timings as JSON; the same name
  // ending .vtt is a WebVTT track of them) and "audio" (the whole document
  // as one MP3), all absent for a document that cannot be read.
  void GetDocument(const std::string& id, httplib::Response& res) {
    request_note.fields.Add("document_id", id);
    absl::StatusOr<v1::Document> doc = FetchDocument(id);
    if (!doc.ok()) return SendStatus(res, doc.status());
    absl::StatusOr<std::string> json = ToJson(*doc);
    if (!json.ok()) return SendStatus(res, json.status());
    if (doc->available()) {
      google::protobuf::Struct object;
      if (!google::protobuf::util::JsonStringToMessage(*json, &object).ok()) {
        return SendError(res, 500, "cannot extend the document's JSON");
      }
      const std::vector<std::string> keys = SentenceKeys(*doc);
      google::protobuf::ListValue* urls =
          (*object.mutable_fields())["sentence_audio"].mutable_list_value();
      google::protobuf::ListValue* words =
          (*object.mutable_fields())["sentence_words"].mutable_list_value();
      for (size_t i = 0; i < keys.size(); ++i) {
        urls->add_values()->set_string_value(
            SentenceAudioUrl(doc->id(), i, keys[i]));
        words->add_values()->set_string_value(SentenceWordsUrl(
            doc->id(), i, SentenceWordsKey(keys[i], doc->sentences(i).text()),
            "json"));
      }
      (*object.mutable_fields())["audio"].set_string_value(
          DocumentAudioUrl(doc->id(), DocumentAudioKey(keys, kMp3Format)));
      json = ToJson(object);
      if (!json.ok()) return SendStatus(res, json.status());
    }
    // The document changes when its file does: always ask again.
    res.set_header("Cache-Control", "no-cache");
    res.status = 200;
    res.set_content(*std::move(json), kJson);
  }

  absl::StatusOr<v1::Document> FetchDocument(const std::string& id) {
    v1::GetDocumentRequest request;
    request.set_document_id(id);
    request.set_include_sentences(true);
    return rpc::GetDocument(stub_.get(), request, Call());
  }

  std::string SentenceKey(const v1::Sentence& sentence) const {
    return SentenceAudioKey({.spoken_text = sentence.spoken_text(),
                             .kind = static_cast<int>(sentence.kind()),
                             .continues = sentence.continues()},
                            /*voice=*/"", kMp3Format, options_.audio_version);
  }

  std::vector<std::string> SentenceKeys(const v1::Document& doc) const {
    std::vector<std::string> keys;
    keys.reserve(doc.sentences_size());
    for (const v1::Sentence& sentence : doc.sentences()) {
      keys.push_back(SentenceKey(sentence));
    }
    return keys;
  }

  // GET /v1/documents/{id}/sentences/{n}-{key}.mp3: sentence n alone as an
  // MP3 file, immutable (the key is its content address); .json and .vtt
  // under the key of its words (SentenceWordsKey): when each word of it is
  // said in that file (word_timings.h). Without the key (or with one the
  // sentence no longer has) the answer says where the file is now: a
  // redirect, never cached, or a 404 for an old key, since that URL's
  // sentence is gone from the document.
  //
  // One synthesis with word marks makes all three; each is cached under
  // its own ETag, so a player that fetches the audio and then the words
  // costs one synthesis.
  void SentenceRoute(const httplib::Request& req, httplib::Response& res,
                     const std::string& key, FileKind file) {
    const std::string id = req.matches[1].str();
    size_t index = 0;
    if (!absl::SimpleAtoi(req.matches[2].str(), &index)) {
      return SendError(res, 400, "bad sentence number");
    }
    absl::StatusOr<v1::Document> doc = ReadableDocument(id);
    if (!doc.ok()) return SendNotCached(res, doc.status());
    if (index >= static_cast<size_t>(doc->sentences_size())) {
      return SendNotCached(
          res, absl::NotFoundError(
                   absl::StrCat("document ", id, " has ", doc->sentences_size(),
                                " sentences (0 to ", doc->sentences_size() - 1,
                                "), not sentence ", index)));
    }
    const v1::Sentence& sentence = doc->sentences(index);
    const std::string audio_key = SentenceKey(sentence);
    const std::string words_key = SentenceWordsKey(audio_key, sentence.text());
    const std::string current =
        file == FileKind::kAudio ? audio_key : words_key;
    const std::string url =
        file == FileKind::kAudio
            ? SentenceAudioUrl(id, index, audio_key)
            : SentenceWordsUrl(id, index, words_key, ExtensionOf(file));
    if (key != current) {
      res.set_header("Cache-Control", "no-cache");
      if (key.empty()) return res.set_redirect(url, 302);
      res.set_header("Location", url);
      return SendError(res, 404,
                       absl::StrCat("sentence ", index, " of ", id,
                                    " has changed; it is now at ", url));
    }
    const std::string audio_etag = absl::StrCat("\"", audio_key, "\"");
    const std::string json_etag = absl::StrCat("\"", words_key, "-json\"");
    const std::string vtt_etag = absl::StrCat("\"", words_key, "-vtt\"");
    // Makes every file of the sentence, keeps the others in the cache and
    // returns `wanted`.
    auto make = [&](FileKind wanted) -> absl::StatusOr<std::string> {
      v1::SynthesizeRequest request;
      request.set_document_id(id);
      request.set_start_sentence(static_cast<uint32_t>(index));
      request.set_end_sentence(static_cast<uint32_t>(index + 1));
      request.set_enable_word_marks(true);
      request.mutable_audio()->set_encoding(v1::MP3);
      absl::StatusOr<rpc::SpeechResult> speech =
          speech_->FetchStream(std::move(request));
      if (!speech.ok()) return speech.status();
      absl::Status same = SameSentences(*speech, *doc, index, 1);
      if (!same.ok()) return same;
      const SentenceWords words = WordsOf(*speech, sentence);
      std::string files[] = {
          std::move(speech->audio),
          WordTimingsJson(static_cast<uint32_t>(index), sentence.text(),
                          sentence.spoken_text(), words),
          WordTimingsVtt(sentence.text(), sentence.spoken_text(), words)};
      const std::string* etags[] = {&audio_etag, &json_etag, &vtt_etag};
      for (int k = 0; k < 3; ++k) {
        if (k == static_cast<int>(wanted)) continue;
        // A file already kept stays as it is (the same URL, the same bytes).
        (void)cache_.Get(*etags[k], [&]() -> absl::StatusOr<std::string> {
          return std::move(files[k]);
        });
      }
      return std::move(files[static_cast<int>(wanted)]);
    };
    if (file == FileKind::kAudio) {
      return ServeAudio(req, res, audio_etag, /*download_name=*/"",
                        [&] { return make(FileKind::kAudio); });
    }
    const std::string& etag = file == FileKind::kJson ? json_etag : vtt_etag;
    // The words come from the audio's synthesis: a request for them while
    // that runs (a player fetching both) waits for it instead of starting
    // its own. Only when the audio is kept and its words are not (evicted,
    // or no cache) are they made again.
    if (cache_.Find(etag) == nullptr &&
        !IfNoneMatchHits(req.get_header_value("If-None-Match"), etag)) {
      absl::StatusOr<SpeechCache::Bytes> audio =
          FindOrMake(audio_etag, [&] { return make(FileKind::kAudio); });
      if (!audio.ok()) return SendNotCached(res, audio.status());
    }
    ServeWords(req, res, etag,
               file == FileKind::kJson ? kJson : "text/vtt; charset=utf-8",
               [&] { return make(file); });
  }

  // The word marks of a one-sentence MP3 stream, timed in its file: the
  // encoder's delay plays before the sentence's first sample.
  static SentenceWords WordsOf(const rpc::SpeechResult& speech,
                               const v1::Sentence& sentence) {
    const uint32_t rate = speech.header.sample_rate_hz() != 0
                              ? speech.header.sample_rate_hz()
                              : kMp3DefaultRateHz;
    std::vector<SpokenWord> words;
    uint64_t samples = 0;
    for (const rpc::SpeechMark& mark : speech.marks) {
      if (mark.kind == rpc::SpeechMark::Kind::kWord) {
        words.push_back({.spoken_begin = mark.spoken_begin,
                         .spoken_end = mark.spoken_end,
                         .audio_offset_ms = mark.audio_offset_ms});
      } else if (mark.kind == rpc::SpeechMark::Kind::kSentenceEnd) {
        samples = mark.audio_samples;
      }
    }
    const auto ms = [rate](uint64_t n) {
      return static_cast<uint32_t>(n * 1000 / rate);
    };
    return MapWordTimings(sentence.text(), sentence.spoken_text(),
                          std::move(words), ms(audio::kMp3EncoderDelaySamples),
                          ms(samples));
  }

  // A sentence's word timings: immutable under their content address,
  // 304 for a client that has them.
  void ServeWords(const httplib::Request& req, httplib::Response& res,
                  const std::string& etag, absl::string_view content_type,
                  const std::function<absl::StatusOr<std::string>()>& make) {
    if (IfNoneMatchHits(req.get_header_value("If-None-Match"), etag)) {
      res.set_header("ETag", etag);
      res.set_header("Cache-Control", kImmutable);
      res.status = 304;
      return;
    }
    absl::StatusOr<SpeechCache::Bytes> body = FindOrMake(etag, make);
    if (!body.ok()) return SendNotCached(res, body.status());
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", kImmutable);
    res.status = 200;
    res.set_content(**body, std::string(content_type));
  }

  // GET /v1/documents/{id}/audio-{key}.mp3: the whole document as one MP3
  // file, to download; /v1/documents/{id}.mp3 redirects to it.
  void DocumentAudioRoute(const httplib::Request& req, httplib::Response& res,
                          const std::string& key) {
    const std::string id = req.matches[1].str();
    absl::StatusOr<v1::Document> doc = ReadableDocument(id);
    if (!doc.ok()) return SendNotCached(res, doc.status());
    const std::string current =
        DocumentAudioKey(SentenceKeys(*doc), kMp3Format);
    const std::string url = DocumentAudioUrl(id, current);
    if (key != current) {
      res.set_header("Cache-Control", "no-cache");
      if (key.empty()) return res.set_redirect(url, 302);
      res.set_header("Location", url);
      return SendError(res, 404,
                       absl::StrCat("document ", id,
                                    " has changed; its audio is now at ", url));
    }
    v1::SynthesizeRequest request;
    request.set_document_id(id);
    request.mutable_audio()->set_encoding(v1::MP3);
    // A file name is all the header may carry: quotes, backslashes and
    // control characters would end or break it.
    std::string name = absl::StrCat(id, ".mp3");
    for (char& c : name) {
      if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
        c = '_';
    }
    ServeAudio(req, res, absl::StrCat("\"", current, "\""), name,
               [&]() -> absl::StatusOr<std::string> {
                 absl::StatusOr<rpc::SpeechResult> speech =
                     speech_->FetchStream(std::move(request));
                 if (!speech.ok()) return speech.status();
                 absl::Status same =
                     SameSentences(*speech, *doc, 0, doc->sentences_size());
                 if (!same.ok()) return same;
                 return std::move(speech->audio);
               });
  }

  absl::StatusOr<v1::Document> ReadableDocument(const std::string& id) {
    absl::StatusOr<v1::Document> doc = FetchDocument(id);
    if (doc.ok() && !doc->available()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "document ", id, " cannot be read: ", doc->unavailable_reason()));
    }
    return doc;
  }

  // The library may change a file between GetDocument and Synthesize; audio
  // of another text must not be kept under this text's address.
  static absl::Status SameSentences(const rpc::SpeechResult& speech,
                                    const v1::Document& doc, size_t first,
                                    size_t count) {
    size_t seen = 0;
    for (const rpc::SpeechMark& mark : speech.marks) {
      if (mark.kind != rpc::SpeechMark::Kind::kSentenceStart) continue;
      if (mark.sentence != first + seen ||
          mark.sentence >= static_cast<size_t>(doc.sentences_size()) ||
          mark.spoken_text != doc.sentences(mark.sentence).spoken_text()) {
        break;
      }
      ++seen;
    }
    if (seen != count) {
      return absl::UnavailableError(
          "the document changed while it was read; ask again");
    }
    return absl::OkStatus();
  }

  static void SendNotCached(httplib::Response& res,
                            const absl::Status& status) {
    res.set_header("Cache-Control", "no-store");
    // A refusal is about now, not about the URL: say when to come back.
    if (status.code() == absl::StatusCode::kResourceExhausted) {
      res.set_header("Retry-After", kRetryAfterSeconds);
    }
    SendStatus(res, status);
  }

  // The answer cached under `etag`, or made by `make` when fewer than
  // max_syntheses are being made (a cached answer costs no synthesis, so
  // the limit does not apply to it); RESOURCE_EXHAUSTED (429) beyond.
  absl::StatusOr<SpeechCache::Bytes> FindOrMake(
      const std::string& etag,
      const std::function<absl::StatusOr<std::string>()>& make,
      bool* cached = nullptr) {
    SpeechCache::Bytes found = cache_.Find(etag);
    if (cached != nullptr) *cached = found != nullptr;
    if (found != nullptr) return found;
    if (in_flight_.fetch_add(1) >= options_.max_syntheses) {
      in_flight_.fetch_sub(1);
      return absl::ResourceExhaustedError(
          absl::StrCat("the server is reading ", options_.max_syntheses,
                       " texts already; try again shortly"));
    }
    absl::StatusOr<SpeechCache::Bytes> made = cache_.Get(etag, make);
    in_flight_.fetch_sub(1);
    return made;
  }

  // Serves audio under a strong, content-addressed `etag`: 304 for a client
  // that has it, from the cache, or computed (at most max_syntheses at
  // once, 429 beyond). `download_name` non-empty: sent as an attachment.
  void ServeAudio(const httplib::Request& req, httplib::Response& res,
                  const std::string& etag, const std::string& download_name,
                  const std::function<absl::StatusOr<std::string>()>& compute) {
    // Headers go on only once the answer is the audio (or 304): httplib's
    // set_header adds, it does not replace.
    auto audio_headers = [&] {
      res.set_header("ETag", etag);
      res.set_header("Cache-Control", kImmutable);
      if (!download_name.empty()) {
        res.set_header(
            "Content-Disposition",
            absl::StrCat("attachment; filename=\"", download_name, "\""));
      }
    };
    if (IfNoneMatchHits(req.get_header_value("If-None-Match"), etag)) {
      audio_headers();
      res.status = 304;
      return;
    }
    absl::StatusOr<SpeechCache::Bytes> audio = FindOrMake(etag, compute);
    if (!audio.ok()) return SendNotCached(res, audio.status());
    audio_headers();
    const bool range_applies =
        !req.has_header("If-Range") || req.get_header_value("If-Range") == etag;
    SendBytes(req, res, **audio, SpeechContentType(SpeechFormat::kMp3),
              range_applies);
  }

  // The document as a talking book (client/book), made by the same library
  // as `policy-reader book`. The tag comes from the document's sentences
  // and the voice before any synthesis, so a client holding the current
  // book gets 304 for one unary call; a document that changed gets a new
  // tag. Made books are kept in the speech cache under their tag.
  void Book(const httplib::Request& req, const std::string& id,
            httplib::Response& res) {
    book::BookBuilder builder(
        stub_.get(), book::BookOptions(), Call(),
        {.timeout = options_.book_timeout, .canceller = &book_canceller_});
    rpc::TextSource source;
    source.document_id = id;
    absl::StatusOr<book::TalkingBook> book = builder.Prepare(source);
    if (!book.ok()) return SendStatus(res, book.status());
    const std::string etag = book::EpubEtag(*book);
    res.set_header("ETag", etag);
    // The document can change under the same URL: revalidate every time.
    res.set_header("Cache-Control", "no-cache");
    if (IfNoneMatchHits(req.get_header_value("If-None-Match"), etag)) {
      res.status = 304;
      return;
    }
    const absl::StatusOr<SpeechCache::Bytes> epub =
        FindOrMake(etag, [&]() -> absl::StatusOr<std::string> {
          if (absl::Status s = builder.AddAudio(source, &*book, nullptr);
              !s.ok()) {
            return s;
          }
          return book::BuildEpub(*book);
        });
    if (!epub.ok()) return SendNotCached(res, epub.status());
    res.set_header(
        "Content-Disposition",
        absl::StrCat("attachment; filename=\"", book->id, ".epub\""));
    const bool range_applies =
        !req.has_header("If-Range") || req.get_header_value("If-Range") == etag;
    SendBytes(req, res, **epub, "application/epub+zip", range_applies);
  }

  // GET /v1/speech: the text's audio; /v1/speech.json and .vtt (the same
  // query): when each word of that file is said, tied to the text's words.
  // One synthesis makes all three and keeps the other two, so a widget
  // that fetches the audio and then its words costs one.
  void Speech(const httplib::Request& req, httplib::Response& res,
              FileKind file) {
    SpeechQueryResult query =
        ParseSpeechQuery(req.params, options_.max_speech_text_bytes);
    if (!query.params) {
      return SendError(res, query.error.status, query.error.message);
    }
    const SpeechParams& params = *query.params;
    request_note.fields
        .Add("text_bytes", static_cast<uint64_t>(params.text.size()))
        .Add("format", SpeechFormatName(params.format))
        .Add("voice", params.voice);
    const std::string audio_etag =
        SpeechEtag(params, options_.sample_rate_hz, options_.audio_version);
    const std::string etag =
        file == FileKind::kAudio
            ? audio_etag
            : SpeechWordsEtag(audio_etag, ExtensionOf(file));
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", kImmutable);
    if (IfNoneMatchHits(req.get_header_value("If-None-Match"), etag)) {
      res.status = 304;
      return;
    }
    bool cached = false;
    const absl::StatusOr<SpeechCache::Bytes> audio = FindOrMake(
        etag, [&] { return MakeSpeech(params, audio_etag, file); }, &cached);
    request_note.fields.Add("cache", cached ? "hit" : "miss");
    if (!audio.ok()) {
      // An unknown voice is a bad parameter of this URL, not a missing
      // resource.
      if (audio.status().code() == absl::StatusCode::kUnimplemented ||
          audio.status().code() == absl::StatusCode::kNotFound) {
        res.set_header("Cache-Control", "no-store");
        return SendError(res, 400, audio.status().message());
      }
      return SendNotCached(res, audio.status());
    }
    if (file != FileKind::kAudio) {
      res.status = 200;
      res.set_content(**audio, std::string(WordsContentType(file)));
      return;
    }
    // If-Range: a range of other bytes than the client has is no use.
    const bool range_applies =
        !req.has_header("If-Range") || req.get_header_value("If-Range") == etag;
    SendBytes(req, res, **audio, SpeechContentType(params.format),
              range_applies);
  }

  // Synthesizes `params` (with word marks), keeps the files of it that
  // were not asked for in the cache and returns the one that was.
  absl::StatusOr<std::string> MakeSpeech(const SpeechParams& params,
                                         const std::string& audio_etag,
                                         FileKind wanted) {
    absl::StatusOr<SpeechFile> speech = speech_->Fetch(params, audio_etag);
    if (!speech.ok()) return speech.status();
    const TextWords words = SpeechWordsOf(params, *speech);
    std::string files[] = {
        std::move(speech->bytes), TextWordTimingsJson(params.text, words),
        WordTimingsVtt(params.text, words.spoken_text, words.timings)};
    const std::string etags[] = {audio_etag,
                                 SpeechWordsEtag(audio_etag, "json"),
                                 SpeechWordsEtag(audio_etag, "vtt")};
    for (int k = 0; k < 3; ++k) {
      if (k == static_cast<int>(wanted)) continue;
      (void)cache_.Get(etags[k], [&]() -> absl::StatusOr<std::string> {
        return std::move(files[k]);
      });
    }
    return std::move(files[static_cast<int>(wanted)]);
  }

  // The word marks of a /v1/speech synthesis, timed in its file. WAV: each
  // sentence's samples follow the one before's. MP3: every sentence is
  // encoded on its own (audio/sentence_codec.h), so it starts where its
  // bytes do (constant bit rate) plus the encoder's delay. Ogg Opus:
  // players skip the pre-skip; a sentence after the first is timed by the
  // samples before it, which puts it early by its predecessors' padding to
  // whole 20 ms packets.
  TextWords SpeechWordsOf(const SpeechParams& params,
                          const SpeechFile& speech) const {
    const uint64_t rate =
        speech.sample_rate_hz != 0
            ? speech.sample_rate_hz
            : static_cast<uint64_t>(params.format == SpeechFormat::kMp3
                                        ? kMp3DefaultRateHz
                                        : options_.sample_rate_hz);
    const auto ms = [rate](uint64_t n) {
      return static_cast<uint32_t>(n * 1000 / rate);
    };
    const bool mp3 = params.format == SpeechFormat::kMp3;
    const uint64_t kbps =
        mp3 ? audio::Mp3BitrateKbpsForRate(static_cast<int>(rate)) : 0;
    uint64_t at = 0;  // PCM samples before the sentence.
    std::vector<SpokenSentence> sentences;
    std::vector<uint32_t> indices;
    for (const rpc::SpeechMark& mark : speech.marks) {
      switch (mark.kind) {
        case rpc::SpeechMark::Kind::kSentenceStart:
          sentences.push_back(
              {.text_begin = mark.text_begin,
               .text_end = mark.text_end,
               .spoken_text = mark.spoken_text,
               .words = {},
               .start_ms = mp3 && kbps > 0
                               ? static_cast<uint32_t>(
                                     mark.byte * 8 / kbps +
                                     ms(audio::kMp3EncoderDelaySamples))
                               : ms(at),
               .audio_ms = 0});
          indices.push_back(mark.sentence);
          break;
        case rpc::SpeechMark::Kind::kWord:
          if (!indices.empty() && indices.back() == mark.sentence) {
            sentences.back().words.push_back(
                {.spoken_begin = mark.spoken_begin,
                 .spoken_end = mark.spoken_end,
                 .audio_offset_ms = mark.audio_offset_ms});
          }
          break;
        case rpc::SpeechMark::Kind::kSentenceEnd:
          if (!indices.empty() && indices.back() == mark.sentence) {
            sentences.back().audio_ms = ms(at + mark.audio_samples) - ms(at);
            at += mark.audio_samples;
          }
          break;
      }
    }
    return MapTextWordTimings(params.text, sentences);
  }

  void StaticFile(const httplib::Request& req, httplib::Response& res) {
    if (options_.static_dir.empty()) return SendError(res, 404, "not found");
    std::optional<std::filesystem::path> file =
        StaticFilePath(options_.static_dir, req.path);
    std::error_code error;
    if (!file || !std::filesystem::is_regular_file(*file, error)) {
      return SendError(res, 404, "not found");
    }
    std::ifstream in(*file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) return SendError(res, 404, "not found");
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Content-Type-Options", "nosniff");
    SendBytes(req, res, std::move(bytes).str(), ContentTypeForFile(*file),
              /*range_applies=*/true);
  }

  // The body, whole or the single range asked for.
  void SendBytes(const httplib::Request& req, httplib::Response& res,
                 std::string body, absl::string_view content_type,
                 bool range_applies) {
    // cpp-httplib 0.11 would cut the body again by its own reading of Range
    // (with a Content-Range that runs past the end, 200 for a partial body
    // once a status is set, no "*/size" on 416). The request is ours to
    // change (cpp-httplib owns it mutable; handlers see it const), so its
    // ranges are cleared and the range is applied here, by http_rules.
    const_cast<httplib::Request&>(req).ranges.clear();
    res.set_header("Accept-Ranges", "bytes");
    const ByteRange range =
        range_applies
            ? ParseByteRange(req.get_header_value("Range"), body.size())
            : ByteRange();
    switch (range.kind) {
      case ByteRange::Kind::kWhole:
        res.status = 200;
        res.set_content(std::move(body), std::string(content_type));
        return;
      case ByteRange::Kind::kPartial:
        res.status = 206;
        res.set_header("Content-Range",
                       absl::StrCat("bytes ", range.first, "-", range.last, "/",
                                    body.size()));
        res.set_content(body.substr(range.first, range.last - range.first + 1),
                        std::string(content_type));
        return;
      case ByteRange::Kind::kUnsatisfiable:
        res.set_header("Content-Range", absl::StrCat("bytes */", body.size()));
        return SendError(res, 416, "range not satisfiable");
    }
  }

  const HttpOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::PolicyReader::Stub> stub_;
  std::unique_ptr<SpeechSource> speech_;
  rpc::CallCanceller book_canceller_;
  SpeechCache cache_;
  std::function<bool()> serving_;
  std::atomic<int> in_flight_{0};
  GuardedServer server_;
  int port_ = 0;
  int listen_socket_ = -1;  // httplib's, seen in its socket options hook
  std::thread thread_;
  absl::Notification exited_;
  absl::Mutex mu_;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

absl::StatusOr<std::unique_ptr<HttpGateway>> HttpGateway::Start(
    const HttpOptions& options, std::shared_ptr<grpc::Channel> channel,
    std::function<bool()> serving) {
  if (!options.static_dir.empty() &&
      !std::filesystem::is_directory(options.static_dir)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--http_static_dir ", options.static_dir, " is not a folder"));
  }
  auto impl =
      std::make_unique<Impl>(options, std::move(channel), std::move(serving));
  if (absl::Status listening = impl->Listen(); !listening.ok()) {
    return listening;
  }
  return std::unique_ptr<HttpGateway>(new HttpGateway(std::move(impl)));
}

HttpGateway::HttpGateway(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpGateway::~HttpGateway() { Shutdown(); }

int HttpGateway::port() const { return impl_->port(); }

SpeechCache::Stats HttpGateway::cache_stats() const {
  return impl_->cache_stats();
}

ConnectionStats HttpGateway::connection_stats() const {
  return impl_->connection_stats();
}

void HttpGateway::Shutdown() { impl_->Shutdown(); }

}  // namespace policyreader::http
