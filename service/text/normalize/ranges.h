// Dashes that mean "til" between words: "mandag - onsdag", "januar-april",
// "28. maj – 10. juni", "marts 2004 – februar 2005", "10.03.2022 –
// 08.04.2022", "4. - 6. klasse". Numbers joined by a dash ("3-5 dage") are
// the number rules' business; a dash anywhere else (a pause, "Budgetforslag
// – frist") is left alone. Runs before the number rules, which then read the
// dates and ordinals on each side.
//
// Thread-safety: stateless; safe from any thread.
#ifndef POLICY_READER_SERVICE_TEXT_NORMALIZE_RANGES_H_
#define POLICY_READER_SERVICE_TEXT_NORMALIZE_RANGES_H_

#include <string>
#include <string_view>

#include "service/text/rules.h"

namespace policyreader::text {

std::string ReadWordRanges(std::string_view text, const LanguageRules& rules);

}  // namespace policyreader::text

#endif  // POLICY_READER_SERVICE_TEXT_NORMALIZE_RANGES_H_
