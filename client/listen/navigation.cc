#include "client/listen/navigation.h"

#include <cmath>
#include <cstdio>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "service/navigation/reading_moves.h"

namespace policyreader::listen {
namespace {

constexpr char kEscape = '\x1b';

std::optional<Command> CommandForKey(char key) {
  switch (key) {
    case ' ':
      return Command::kPauseResume;
    case 'n':
    case 'N':
      return Command::kNextSentence;
    case 'p':
    case 'P':
      return Command::kPreviousSentence;
    case ']':
      return Command::kNextSection;
    case '[':
      return Command::kPreviousSection;
    case 'r':
    case 'R':
      return Command::kRepeatSentence;
    case '+':
    case '=':  // The unshifted '+' key on US keyboards.
      return Command::kFaster;
    case '-':
      return Command::kSlower;
    case 'q':
    case 'Q':
      return Command::kQuit;
    case '?':
    case 'h':
      return Command::kHelp;
    default:
      return std::nullopt;
  }
}

// Arrow keys: "ESC [ X" or "ESC O X" (application cursor mode).
std::optional<Command> CommandForArrow(char final_byte) {
  switch (final_byte) {
    case 'A':
      return Command::kPreviousSection;
    case 'B':
      return Command::kNextSection;
    case 'C':
      return Command::kNextSentence;
    case 'D':
      return Command::kPreviousSentence;
    default:
      return std::nullopt;
  }
}

size_t NearestSpeedStep(double speed) {
  size_t best = 0;
  for (size_t i = 1; i < std::size(kSpeeds); ++i) {
    if (std::abs(kSpeeds[i] - speed) < std::abs(kSpeeds[best] - speed)) {
      best = i;
    }
  }
  return best;
}

// "1,25" as Danes write it; whole numbers without decimals.
std::string DanishDecimal(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.2f", value);
  std::string text = buffer;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return absl::StrReplaceAll(text, {{".", ","}});
}

}  // namespace

std::vector<Command> KeyDecoder::Feed(std::string_view bytes) {
  std::vector<Command> commands;
  for (const char byte : bytes) {
    if (!pending_.empty()) {
      pending_.push_back(byte);
      if (pending_.size() == 2) {
        if (byte != '[' && byte != 'O') pending_.clear();  // Alt+key: ignore.
        continue;
      }
      // CSI parameters and intermediates run until a final byte @..~.
      if (byte >= '@' && byte <= '~') {
        if (pending_.size() == 3) {
          if (std::optional<Command> arrow = CommandForArrow(byte)) {
            commands.push_back(*arrow);
          }
        }
        pending_.clear();
      } else if (pending_.size() > 16) {
        pending_.clear();  // Not a sequence we know; resynchronise.
      }
      continue;
    }
    if (byte == kEscape) {
      pending_.push_back(byte);
    } else if (std::optional<Command> command = CommandForKey(byte)) {
      commands.push_back(*command);
    }
  }
  return commands;
}

double StepSpeed(double speed, Command command) {
  size_t step = NearestSpeedStep(speed);
  if (command == Command::kFaster && step + 1 < std::size(kSpeeds)) ++step;
  if (command == Command::kSlower && step > 0) --step;
  return kSpeeds[step];
}

std::string PositionLine(const rpc::Outline& outline, size_t sentence) {
  const std::string& text = outline.sentences[sentence].text;
  const std::string where = absl::StrCat("sætning ", sentence + 1, " af ",
                                         outline.sentences.size(), ": ", text);
  if (outline.section_starts.empty()) return absl::StrCat("S", where.substr(1));
  const std::optional<size_t> section = outline.SectionOf(sentence);
  if (!section.has_value()) return absl::StrCat("Indledning, ", where);
  return absl::StrCat("Afsnit ", *section + 1, " af ",
                      outline.section_starts.size(), ", ", where);
}

std::string SpeedLine(double speed) {
  return absl::StrCat("Hastighed ", DanishDecimal(speed), "x.");
}

std::string KeyHelp() {
  return "Taster:\n"
         "  mellemrum  pause eller fortsæt\n"
         "  n eller højre pil  næste sætning\n"
         "  p eller venstre pil  forrige sætning\n"
         "  ] eller pil ned  næste afsnit\n"
         "  [ eller pil op  starten af afsnittet, igen: forrige afsnit\n"
         "  r  gentag sætningen\n"
         "  + eller -  hurtigere eller langsommere (0,5x til 3x)\n"
         "  q  afslut og husk stedet\n"
         "  ?  vis tasterne\n";
}

}  // namespace policyreader::listen
