// policy-reader: the command-line client of the Policy Reader service.
// Flags live here; the commands are in client/cli.
#include <iostream>
#include <string>
#include <vector>

#include "client/cli/arg_parser.h"
#include "client/cli/commands.h"
#include "client/cli/options.h"

namespace cli = policyreader::cli;

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << cli::Usage();
    return cli::kExitUsage;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << cli::Usage();
    return cli::kExitOk;
  }
  const bool speak = command == "speak", play = command == "play",
             segment = command == "segment", voices = command == "voices",
             devices = command == "devices", render = command == "render";
  if (!(speak || play || segment || voices || devices || render)) {
    std::cerr << "Fejl: Ukendt kommando \"" << command << "\"\n\n"
              << cli::Usage();
    return cli::kExitUsage;
  }

  cli::ConnectionOptions connection;
  cli::InputOptions input;
  cli::VoiceOptions voice;
  cli::SpeakOptions speak_options;
  cli::PlayOptions play_options;
  cli::RenderCommandOptions render_options;
  bool json = false, help = false;
  cli::ArgParser flags;
  flags.AddBool("help", &help, "Vis denne hjælp", 'h');
  if (!devices) {
    flags.AddString("server", &connection.server,
                    "Serverens adresse (standard 127.0.0.1:50051)", "ADR");
    flags.AddDouble("timeout-s", &connection.timeout_s,
                    "Frist for svar i sekunder (standard 30; oplæsning: efter "
                    "tekstens længde, mindst 1 time)",
                    "SEK");
    flags.AddDouble("wait-s", &connection.wait_for_server_s,
                    "Vent op til så mange sekunder på at serveren starter",
                    "SEK");
  }
  if (speak || play || segment) {
    flags.AddString("text", &input.text, "Teksten der skal læses");
    flags.AddString("file", &input.file, "Læs teksten fra en fil", "FIL");
    flags.AddString("format", &input.format,
                    "text, markdown eller html (standard: efter filnavnet)",
                    "FORMAT");
  }
  if (speak || play) {
    flags.AddString("doc", &input.document_id,
                    "Læs et dokument fra serverens bibliotek", "ID");
    flags.AddString("document", &input.document_id, "Samme som --doc", "ID");
    flags.AddString("voice", &voice.voice, "Stemme (se voices)", "NAVN");
    flags.AddDouble("speed", &voice.speaking_rate,
                    "Tempo, 0,5 til 3 (1 = normalt)");
    flags.AddDouble("pitch", &voice.pitch, "Tonehøjde i halvtoner, -12 til 12");
    flags.AddDouble("volume-db", &voice.volume_db,
                    "Lydstyrke i dB, -96 til 16");
    flags.AddUint32("start", &voice.start_sentence,
                    "Begynd ved sætning N (nummereret som i segment, fra 0)");
  }
  if (speak) {
    flags.AddString("output", &speak_options.output,
                    "Lydfilen der skrives (- = standard output med --raw)",
                    "FIL", 'o');
    flags.AddString("encoding", &speak_options.encoding,
                    "linear16 (standard), alaw eller mulaw", "FORMAT");
    flags.AddUint32("rate-hz", &speak_options.rate_hz,
                    "Samplerate (standard 22050, 8000 for alaw/mulaw)", "HZ");
    flags.AddBool("raw", &speak_options.raw, "Kun lyddata, uden WAV-hoved");
  }
  if (play) {
    flags.AddString("device", &play_options.device, "Lydenhed (se devices)",
                    "NAVN");
    flags.AddBool("quiet", &play_options.quiet, "Skriv kun fejl", 'q');
    flags.AddBool("from-start", &play_options.from_start,
                  "Begynd forfra, ikke hvor du slap sidst");
  }
  if (render) {
    cli::RenderCommandOptions& r = render_options;
    flags.AddString("out", &r.out_dir, "Mappen lydfilerne skrives i", "MAPPE",
                    'o');
    flags.AddString("format", &r.format,
                    "alaw (standard), ulaw, sln, sln16 "
                    "eller wav",
                    "FORMAT");
    flags.AddString("wav-encoding", &r.wav_encoding,
                    "Kodning i wav: pcm (standard), alaw eller ulaw",
                    "KODNING");
    flags.AddString("split", &r.split,
                    "Én fil pr. sentence (standard), "
                    "paragraph eller document",
                    "DELING");
    flags.AddString("text", &r.text, "En tekst (prompterne hedder tekst/...)");
    flags.AddString("doc", &r.document_id,
                    "Et dokument fra serverens bibliotek", "ID");
    flags.AddString("voice", &r.voice, "Stemme (standard telefon)", "NAVN");
    flags.AddDouble("speed", &r.speaking_rate,
                    "Tempo, 0,5 til 3 (1 = normalt)");
    flags.AddBool("force", &r.force, "Syntetisér alle prompter igen");
    flags.AddBool("prune", &r.prune,
                  "Fjern også prompter fra tekster der ikke er med denne gang");
  }
  if (segment || voices) flags.AddBool("json", &json, "Skriv JSON");
  bool review = false;
  bool phonemes = false;
  if (segment) {
    flags.AddBool("review", &review,
                  "Skrevet og udtalt tekst side om side til gennemsyn");
    flags.AddBool("phonemes", &phonemes,
                  "eSpeak NG's fonemer for udtalt og skrevet tekst");
  }

  const auto positional = flags.Parse(args);
  if (!positional.ok() || (!render && !positional->empty())) {
    std::cerr << "Fejl: "
              << (positional.ok()
                      ? "Uventet argument \"" + positional->front() + "\""
                      : std::string(positional.status().message()))
              << "\nSe policy-reader " << command << " --help.\n";
    return cli::kExitUsage;
  }
  if (help) {
    if (render) {
      std::cout << cli::RenderHelp() << flags.Help();
    } else {
      std::cout << "Brug: policy-reader " << command << " [flag]\n\n"
                << flags.Help();
    }
    return cli::kExitOk;
  }
  if (speak) {
    speak_options.connection = connection;
    speak_options.input = input;
    speak_options.voice = voice;
    return cli::RunSpeak(speak_options);
  }
  if (play) {
    play_options.connection = connection;
    play_options.input = input;
    play_options.voice = voice;
    play_options.start_given = flags.WasSet("start");
    return cli::RunPlay(play_options);
  }
  if (segment) {
    return cli::RunSegment({.connection = connection,
                            .input = input,
                            .json = json,
                            .review = review,
                            .phonemes = phonemes});
  }
  if (render) {
    render_options.connection = connection;
    render_options.paths = *positional;
    return cli::RunRender(render_options);
  }
  if (voices) return cli::RunVoices({connection, json});
  return cli::RunDevices();
}
