#include "client/cli/command_registry.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/cli/commands.h"

namespace policyreader::cli {
namespace {

// The same help for --speed wherever a command takes it.
void AddSpeedFlag(ArgParser& parser, double* speaking_rate) {
  parser.AddDouble("speed", speaking_rate, "Tempo, 0,5 til 3 (1 = normalt)");
}

void AddSpeakFlags(ArgParser& parser, CommandOptions* options) {
  SpeakOptions& speak = options->speak;
  AddConnectionFlags(parser, &speak.connection);
  AddTextInputFlags(parser, &speak.input);
  AddReadingFlags(parser, &speak.input, &speak.voice);
  parser.AddString("output", &speak.output,
                   "Lydfilen der skrives (- = standard output med --raw)",
                   "FIL", 'o');
  parser.AddString("encoding", &speak.encoding,
                   "linear16 (standard), alaw eller mulaw", "FORMAT");
  parser.AddUint32("rate-hz", &speak.rate_hz,
                   "Samplerate (standard 22050, 8000 for alaw/mulaw)", "HZ");
  parser.AddBool("raw", &speak.raw, "Kun lyddata, uden WAV-hoved");
}

int RunSpeakCommand(CommandOptions& options, const ArgParser&,
                    std::vector<std::string>) {
  return RunSpeak(options.speak);
}

void AddPlayFlags(ArgParser& parser, CommandOptions* options) {
  PlayOptions& play = options->play;
  AddConnectionFlags(parser, &play.connection);
  AddTextInputFlags(parser, &play.input);
  AddReadingFlags(parser, &play.input, &play.voice, &play.start);
  parser.AddString("device", &play.device, "Lydenhed (se devices)", "NAVN");
  parser.AddBool("quiet", &play.quiet, "Skriv kun fejl", 'q');
  parser.AddString("announce", &play.announce,
                   "Hvilke linjer der skrives: sentences (hver sætning) "
                   "eller sections (kun nye afsnit, til skærmlæsere)",
                   "HVAD");
  parser.AddBool("from-start", &play.from_start,
                 "Begynd forfra, ikke hvor du slap sidst");
}

int RunPlayCommand(CommandOptions& options, const ArgParser& parser,
                   std::vector<std::string>) {
  // An explicit --start 0 must beat the remembered position too, so the
  // value alone cannot tell.
  options.play.start_given = parser.WasSet("start");
  return RunPlay(options.play);
}

void AddSegmentFlags(ArgParser& parser, CommandOptions* options) {
  SegmentOptions& segment = options->segment;
  AddConnectionFlags(parser, &segment.connection);
  AddTextInputFlags(parser, &segment.input);
  AddJsonFlag(parser, &segment.json);
  parser.AddBool("review", &segment.review,
                 "Skrevet og udtalt tekst side om side til gennemsyn");
  parser.AddBool("phonemes", &segment.phonemes,
                 "eSpeak NG's fonemer for udtalt og skrevet tekst");
}

int RunSegmentCommand(CommandOptions& options, const ArgParser&,
                      std::vector<std::string>) {
  return RunSegment(options.segment);
}

void AddRenderFlags(ArgParser& parser, CommandOptions* options) {
  RenderCommandOptions& render = options->render;
  AddConnectionFlags(parser, &render.connection);
  // Not the text input and reading groups: render names its prompts after
  // the text and defaults to the telephone voice, so its help says so.
  parser.AddString("out", &render.out_dir, "Mappen lydfilerne skrives i",
                   "MAPPE", 'o');
  parser.AddString("format", &render.format,
                   "alaw (standard), ulaw, sln, sln16 eller wav", "FORMAT");
  parser.AddString("wav-encoding", &render.wav_encoding,
                   "Kodning i wav: pcm (standard), alaw eller ulaw", "KODNING");
  parser.AddString("split", &render.split,
                   "Én fil pr. sentence (standard), paragraph eller document",
                   "DELING");
  parser.AddString("text", &render.text,
                   "En tekst (prompterne hedder tekst/...)");
  parser.AddString("doc", &render.document_id,
                   "Et dokument fra serverens bibliotek", "ID");
  parser.AddString("voice", &render.voice, "Stemme (standard telefon)", "NAVN");
  AddSpeedFlag(parser, &render.speaking_rate);
  parser.AddBool("force", &render.force, "Syntetisér alle prompter igen");
  parser.AddBool("prune", &render.prune,
                 "Fjern også prompter fra tekster der ikke er med denne gang");
}

int RunRenderCommand(CommandOptions& options, const ArgParser&,
                     std::vector<std::string> paths) {
  options.render.paths = std::move(paths);
  return RunRender(options.render);
}

void AddBookFlags(ArgParser& parser, CommandOptions* options) {
  BookCommandOptions& book = options->book;
  AddConnectionFlags(parser, &book.connection);
  parser.AddString("file", &book.input.file, "Lav bogen af en fil", "FIL");
  parser.AddString("format", &book.format, "epub (standard) eller daisy",
                   "FORMAT");
  parser.AddString("text-format", &book.input.format,
                   "Filens format: text, markdown eller html (standard: "
                   "efter filnavnet)",
                   "FORMAT");
  parser.AddString("doc", &book.input.document_id,
                   "Et dokument fra serverens bibliotek", "ID");
  parser.AddString("voice", &book.voice.voice, "Stemme (se voices)", "NAVN");
  AddSpeedFlag(parser, &book.voice.speaking_rate);
  parser.AddDouble("pitch", &book.voice.pitch,
                   "Tonehøjde i halvtoner, -12 til 12");
  parser.AddDouble("volume-db", &book.voice.volume_db,
                   "Lydstyrke i dB, -96 til 16");
  parser.AddString("out", &book.out,
                   "BOG.epub, eller en mappe (MAPPE/ID.epub; for daisy "
                   "selve bogens mappe)",
                   "STI", 'o');
  parser.AddString("cache", &book.cache_dir,
                   "Mappen lyden gemmes i mellem kørsler (standard "
                   "~/.cache/policy-reader/books)",
                   "MAPPE");
  parser.AddBool("force", &book.force, "Syntetisér lyden igen");
}

int RunBookCommand(CommandOptions& options, const ArgParser&,
                   std::vector<std::string>) {
  return RunBook(options.book);
}

void AddVoicesFlags(ArgParser& parser, CommandOptions* options) {
  AddConnectionFlags(parser, &options->voices.connection);
  AddJsonFlag(parser, &options->voices.json);
}

int RunVoicesCommand(CommandOptions& options, const ArgParser&,
                     std::vector<std::string>) {
  return RunVoices(options.voices);
}

void AddDocumentsFlags(ArgParser& parser, CommandOptions* options) {
  AddConnectionFlags(parser, &options->documents.connection);
  AddJsonFlag(parser, &options->documents.json);
}

int RunDocumentsCommand(CommandOptions& options, const ArgParser&,
                        std::vector<std::string>) {
  return RunDocuments(options.documents);
}

void AddHealthFlags(ArgParser& parser, CommandOptions* options) {
  AddConnectionFlags(parser, &options->health.connection);
  parser.AddString("service", &options->health.service,
                   "Tjenesten, fx policyreader.v1.PolicyReader (standard: "
                   "hele serveren)",
                   "NAVN");
}

int RunHealthCommand(CommandOptions& options, const ArgParser&,
                     std::vector<std::string>) {
  return RunHealth(options.health);
}

// Devices are local: no server, so no flags but --help.
void AddDevicesFlags(ArgParser&, CommandOptions*) {}

int RunDevicesCommand(CommandOptions&, const ArgParser&,
                      std::vector<std::string>) {
  return RunDevices();
}

constexpr std::string_view kRenderHelpIntro =
    R"(Brug: policy-reader render [flag] FIL|MAPPE...

Skriver lydfiler (prompter) til telefonsystemer som Asterisk og FreeSWITCH,
med stemmen "telefon" (300-3400 Hz, -19 dBm0). En mappe betyder dens .txt-,
.md- og .html-filer (ikke undermapper). Kun prompter hvis tekst, stemme eller
format har ændret sig, syntetiseres igen; prompter der er forsvundet fra en
tekst, fjernes.

Formater (--format):
  alaw   rå G.711 A-law, 8000 Hz (standard; dansk telefonnet)
  ulaw   rå G.711 mu-law, 8000 Hz
  sln    rå 16 bit lineær PCM (little-endian), 8000 Hz
  sln16  rå 16 bit lineær PCM (little-endian), 16000 Hz
  wav    WAV, 8000 Hz; kodning med --wav-encoding: pcm (standard; den
         eneste WAV Asterisk kan afspille), alaw eller ulaw

Filerne i --out (numre fra 0, som i segment):
  --split sentence   ID/ID-s0007.alaw   én sætning (standard)
  --split paragraph  ID/ID-p0003.alaw   ét afsnit
  --split document   ID.alaw            hele teksten
  manifest.json      fil, kilde, tekst, udtalt tekst, varighed og nøgle
ID er filnavnet uden endelse (æ ø å som ae oe aa), dokumentets id eller
"tekst". En fil der ikke kan læses, stopper kørslen før noget ændres.

)";

constexpr std::string_view kBookHelpIntro =
    R"(Brug: policy-reader book --doc ID | --file FIL --out STI [flag]

Laver en talende bog af et dokument eller en fil: hele teksten oplæst, med
hver sætning fremhævet mens den læses, og overskrifterne som
indholdsfortegnelse.

Formater (--format):
  epub   EPUB 3 med Media Overlays (standard); --out BOG.epub, eller en
         mappe, hvor bogen hedder ID.epub
  daisy  DAISY 2.02 (ncc.html, SMIL, MP3) til DAISY-afspillere; --out er
         bogens mappe

Lyden gemmes (--cache), så en uændret tekst med samme stemme ikke
syntetiseres igen.

)";

// The order people meet them in: listening first, the tools after. Every
// field is spelled out: GCC warns about omitted ones even when defaulted.
constexpr std::array kCommands = {
    Command{.name = "play",
            .summary = "Læs teksten højt:     play --file FIL | --text \"...\" "
                       "[--quiet]",
            .help_intro = "",
            .takes_paths = false,
            .add_flags = AddPlayFlags,
            .run = RunPlayCommand},
    Command{.name = "speak",
            .summary =
                "Gem som lydfil:       speak --file FIL | --text \"...\" "
                "-o ud.wav",
            .help_intro = "",
            .takes_paths = false,
            .add_flags = AddSpeakFlags,
            .run = RunSpeakCommand},
    Command{.name = "render",
            .summary = "Prompter til telefon: render --format alaw --out MAPPE "
                       "FIL|MAPPE...",
            .help_intro = kRenderHelpIntro,
            .takes_paths = true,
            .add_flags = AddRenderFlags,
            .run = RunRenderCommand},
    Command{.name = "book",
            .summary = "Talende bog:          book --doc ID | --file FIL "
                       "--out STI",
            .help_intro = kBookHelpIntro,
            .takes_paths = false,
            .add_flags = AddBookFlags,
            .run = RunBookCommand},
    Command{.name = "segment",
            .summary = "Vis sætningerne:      segment --file FIL | --text "
                       "\"...\" [--json]",
            .help_intro = "",
            .takes_paths = false,
            .add_flags = AddSegmentFlags,
            .run = RunSegmentCommand},
    Command{.name = "documents",
            .summary = "Vis serverens bibliotek (til play --doc)",
            .help_intro = "",
            .takes_paths = false,
            .add_flags = AddDocumentsFlags,
            .run = RunDocumentsCommand},
    Command{.name = "voices",
            .summary = "Vis serverens stemmer",
            .help_intro = "",
            .takes_paths = false,
            .add_flags = AddVoicesFlags,
            .run = RunVoicesCommand},
    Command{.name = "health",
            .summary = "Spørg om serveren tager imod oplæsninger "
                       "(grpc.health.v1; exit 0 hvis ja)",
            .help_intro = "",
            .takes_paths = false,
            .add_flags = AddHealthFlags,
            .run = RunHealthCommand},
    Command{.name = "devices",
            .summary = "Vis lydenhederne (til play --device)",
            .help_intro = "",
            .takes_paths = false,
            .add_flags = AddDevicesFlags,
            .run = RunDevicesCommand},
};

}  // namespace

std::span<const Command> Commands() { return kCommands; }

absl::StatusOr<const Command*> FindCommand(std::string_view name) {
  for (const Command& command : kCommands) {
    if (command.name == name) return &command;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("Ukendt kommando \"", std::string(name), "\""));
}

void AddCommandFlags(const Command& command, ArgParser& parser,
                     CommandOptions* options) {
  parser.AddBool("help", &options->help, "Vis denne hjælp", 'h');
  command.add_flags(parser, options);
}

std::string CommandHelp(const Command& command, const ArgParser& parser) {
  if (!command.help_intro.empty()) {
    return std::string(command.help_intro) + parser.Help();
  }
  return "Brug: policy-reader " + std::string(command.name) + " [flag]\n\n" +
         parser.Help();
}

std::string Usage() {
  size_t name_width = 0;
  for (const Command& command : kCommands) {
    name_width = std::max(name_width, command.name.size());
  }
  std::string usage =
      "Brug: policy-reader KOMMANDO [flag]\n\n"
      "Læser danske politikker højt med Policy Reader-serveren.\n\n"
      "Kommandoer:\n";
  for (const Command& command : kCommands) {
    usage += "  ";
    usage += command.name;
    usage.append(name_width + 2 - command.name.size(), ' ');
    usage += command.summary;
    usage += "\n";
  }
  usage += "\n\"policy-reader KOMMANDO --help\" viser kommandoens flag.\n";
  return usage;
}

void AddConnectionFlags(ArgParser& parser, ConnectionOptions* connection) {
  parser.AddString("server", &connection->server,
                   "Serverens adresse (standard 127.0.0.1:50051)", "ADR");
  parser.AddDouble("timeout-s", &connection->timeout_s,
                   "Frist for svar i sekunder (standard 30; oplæsning: efter "
                   "tekstens længde, mindst 1 time)",
                   "SEK");
  parser.AddDouble("wait-s", &connection->wait_for_server_s,
                   "Vent op til så mange sekunder på at serveren starter",
                   "SEK");
  parser.AddBool("verbose", &connection->verbose,
                 "Vis også gRPC's egen fejlkode og besked (på engelsk)");
}

void AddTextInputFlags(ArgParser& parser, InputOptions* input) {
  parser.AddString("text", &input->text, "Teksten der skal læses");
  parser.AddString("file", &input->file, "Læs teksten fra en fil", "FIL");
  parser.AddString("format", &input->format,
                   "text, markdown eller html (standard: efter filnavnet)",
                   "FORMAT");
}

void AddReadingFlags(ArgParser& parser, InputOptions* input,
                     VoiceOptions* voice, uint32_t* start_as_printed) {
  parser.AddString("doc", &input->document_id,
                   "Læs et dokument fra serverens bibliotek", "ID");
  parser.AddString("document", &input->document_id, "Samme som --doc", "ID");
  parser.AddString("voice", &voice->voice, "Stemme (se voices)", "NAVN");
  AddSpeedFlag(parser, &voice->speaking_rate);
  parser.AddDouble("pitch", &voice->pitch, "Tonehøjde i halvtoner, -12 til 12");
  parser.AddDouble("volume-db", &voice->volume_db,
                   "Lydstyrke i dB, -96 til 16");
  if (start_as_printed != nullptr) {
    parser.AddUint32("start", start_as_printed,
                     "Begynd ved sætning N, talt fra 1 som i linjerne "
                     "(\"sætning N af ...\")");
  } else {
    parser.AddUint32("start", &voice->start_sentence,
                     "Begynd ved sætning N (nummereret som i segment, fra 0)");
  }
}

void AddJsonFlag(ArgParser& parser, bool* json) {
  parser.AddBool("json", json, "Skriv JSON");
}

}  // namespace policyreader::cli
