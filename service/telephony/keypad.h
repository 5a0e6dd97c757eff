// Which keypad key is which command on a call. The commands move through
// the call's outline (client/rpc/outline.h) by the rules the player follows
// too (service/navigation/reading_moves.h).
//
// Thread-safety: a pure function.
#ifndef POLICY_READER_SERVICE_TELEPHONY_KEYPAD_H_
#define POLICY_READER_SERVICE_TELEPHONY_KEYPAD_H_

#include <optional>

#include "service/navigation/reading_moves.h"

namespace policyreader::telephony {

// 1 previous section, 3 next section, 4 previous sentence, 5 pause or
// resume, 6 next sentence, 0 repeat, # hang up (kQuit). nullopt for keys
// with no meaning (2, 7, 8, 9, *, A-D).
std::optional<navigation::Command> CommandFromDigit(char digit);

}  // namespace policyreader::telephony

#endif  // POLICY_READER_SERVICE_TELEPHONY_KEYPAD_H_
