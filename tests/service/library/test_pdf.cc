// See test_pdf.h.
#include "tests/service/library/test_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>

namespace policyreader::library::testing {
namespace {

constexpr double kA4Width = 595;
constexpr double kA4Height = 842;

cairo_status_t Append(void* closure, const unsigned char* data,
                      unsigned int length) {
  static_cast<std::string*>(closure)->append(
      reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string MakePdf(const std::vector<std::vector<PdfLine>>& pages,
                    const std::vector<std::string>& labels) {
  std::string pdf;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(Append, &pdf, kA4Width, kA4Height);
  cairo_t* cr = cairo_create(surface);
  // DejaVu comes with fontconfig on Debian and has æ, ø and å.
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         CAIRO_FONT_WEIGHT_NORMAL);
  for (size_t i = 0; i < pages.size(); ++i) {
    const std::vector<PdfLine>& page = pages[i];
    if (i < labels.size()) {
      cairo_pdf_surface_set_page_label(surface, labels[i].c_str());
    }
    for (const PdfLine& line : page) {
      cairo_set_font_size(cr, line.font_size);
      cairo_move_to(cr, line.x, line.y);
      cairo_show_text(cr, line.text.c_str());
    }
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return pdf;
}

}  // namespace policyreader::library::testing
