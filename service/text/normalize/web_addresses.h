// Web and e-mail addresses read aloud the way one dictates them:
// "trivsel@kommune.dk" -> "trivsel snabel-a kommune punktum dk",
// "https://www.naestved.dk/borger/" -> "w w w punktum naestved punktum dk
// skråstreg borger". The scheme ("https://") is left out, as a reader
// would; a part with no vowel of three letters or more ("www") is spelled.
// An address is a word that contains "@" with a domain after it, starts with
// "http://", "https://" or "www.", or is a domain whose last part is a known
// top-level domain ("naestved.dk"), with an optional path.
//
// Thread-safety: stateless; safe from any thread.
#ifndef POLICY_READER_SERVICE_TEXT_NORMALIZE_WEB_ADDRESSES_H_
#define POLICY_READER_SERVICE_TEXT_NORMALIZE_WEB_ADDRESSES_H_

#include <string>
#include <string_view>

#include "service/text/rules.h"

namespace policyreader::text {

std::string ReadWebAddresses(std::string_view text, const LanguageRules& rules);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_NORMALIZE_WEB_ADDRESSES_H_
