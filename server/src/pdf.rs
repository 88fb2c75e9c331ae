//! The report as a PDF (`GET /r/<code>.pdf`), made here in pure Rust with krilla:
//! the session, then each run (newest first) with its verdict, every check with its
//! texts, the round-trip and rate charts as vector lines, and the text for IT; then
//! the profile's checklist. In the reader's language, with DejaVu Sans embedded (and
//! subset by krilla), which has Latin and Cyrillic.
//!
//! Layout is done first, into pages of drawing operations, by measuring each line
//! with the same shaper krilla draws with (rustybuzz); the pages are drawn after,
//! so the footer can say "page N of M".

use callready_common::api::{RunView, SessionView};
use callready_common::brand::Colour;
use callready_common::i18n::{text, Lang};
use callready_common::tr;
use callready_common::verdict::{it_text, Status, Verdict};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;

static REGULAR: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// A4 in points.
const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 48.0;
const TOP: f32 = 64.0;
const BOTTOM: f32 = HEIGHT - 56.0;
/// Most runs one PDF shows (the newest): a session holds up to 500.
pub const MAX_RUNS: usize = 20;

type Rgb = [u8; 3];
const INK: Rgb = [0x1a, 0x20, 0x2c];
const MUTED: Rgb = [0x5b, 0x64, 0x72];
const BRAND: Rgb = [0x1f, 0x5b, 0xff];
const PASS: Rgb = [0x1a, 0x7f, 0x37];
const WARN: Rgb = [0x9a, 0x67, 0x00];
const FAIL: Rgb = [0xc0, 0x1c, 0x28];
const UNKNOWN: Rgb = [0x5b, 0x64, 0x72];
const PANEL: Rgb = [0xf3, 0xf5, 0xf8];

/// One drawing operation of a page.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Rgb,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Line {
        points: Vec<(f32, f32)>,
        color: Rgb,
        width: f32,
    },
    /// A PNG (the brand's logo), `h` points tall.
    Png {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        png: Vec<u8>,
    },
}

/// Measures text as krilla will draw it.
struct Measure {
    regular: rustybuzz::Face<'static>,
    bold: rustybuzz::Face<'static>,
}

impl Measure {
    fn new() -> Option<Measure> {
        Some(Measure { regular: rustybuzz::Face::from_slice(REGULAR, 0)?, bold: rustybuzz::Face::from_slice(BOLD, 0)? })
    }

    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = if bold { &self.bold } else { &self.regular };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        let glyphs = rustybuzz::shape(face, &[], buffer);
        let advance: i32 = glyphs.glyph_positions().iter().map(|p| p.x_advance).sum();
        advance as f32 * size / face.units_per_em() as f32
    }

    /// `text` cut into lines no wider than `width`, at spaces (a word longer than a
    /// line is cut where it overflows).
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split(' ') {
                let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
                if self.width(&candidate, size, bold) <= width || line.is_empty() {
                    line = candidate;
                } else {
                    lines.push(std::mem::take(&mut line));
                    line = word.to_string();
                }
                while self.width(&line, size, bold) > width && line.chars().count() > 1 {
                    let mut cut = line.chars().count() - 1;
                    while cut > 1 && self.width(&line.chars().take(cut).collect::<String>(), size, bold) > width {
                        cut -= 1;
                    }
                    lines.push(line.chars().take(cut).collect());
                    line = line.chars().skip(cut).collect();
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// Pages of operations, filled from the top down.
struct Layout {
    measure: Measure,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Layout {
    fn page(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a layout has a page")
    }

    /// Starts a new page unless `height` still fits on this one.
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.pages.push(Vec::new());
            self.y = TOP;
        }
    }

    /// A wrapped paragraph at `x`, `width` wide.
    fn paragraph(&mut self, text: &str, size: f32, bold: bool, color: Rgb, x: f32, width: f32) {
        let leading = size * 1.35;
        for line in self.measure.wrap(text, size, bold, width) {
            self.room(leading);
            let y = self.y + size;
            self.page().push(Op::Text { x, y, size, bold, color, text: line });
            self.y += leading;
        }
    }

    fn gap(&mut self, height: f32) {
        self.y += height;
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.page().push(Op::Rect { x, y, w, h, color });
    }
}

fn status_color(status: Status) -> Rgb {
    match status {
        Status::Pass => PASS,
        Status::Warn => WARN,
        Status::Fail => FAIL,
        Status::Unknown | Status::NotRun => UNKNOWN,
    }
}

fn verdict_color(verdict: Verdict) -> Rgb {
    match verdict {
        Verdict::Ready => PASS,
        Verdict::ReadyWithWarnings => WARN,
        Verdict::NotReady => FAIL,
    }
}

/// A date and time in UTC, `2026-11-30 14:02 UTC`.
fn when(unix_ms: i64) -> String {
    let day = crate::cli::date(unix_ms);
    let minutes = unix_ms.rem_euclid(86_400_000) / 60_000;
    format!("{day} {:02}:{:02} UTC", minutes / 60, minutes % 60)
}

/// The report of `session` in `lang`, as PDF bytes, wearing the session's brand
/// (its logo drawn when it is a PNG, `logo_png`; an SVG logo is left to the page).
pub fn report(session: &SessionView, lang: Lang, logo_png: Option<Vec<u8>>) -> Result<Vec<u8>, String> {
    let measure = Measure::new().ok_or("the embedded font does not parse")?;
    let mut layout = Layout { measure, pages: vec![Vec::new()], y: TOP };
    let full = WIDTH - 2.0 * MARGIN;
    let brand = session.brand.as_ref();
    let name = brand.map_or("CallReady", |b| b.name.as_str());
    let band = brand.and_then(|b| Colour::parse(&b.colour)).map_or(BRAND, |c| [c.r, c.g, c.b]);

    // The header band (the brand's colour, logo and name) and the session.
    layout.rect(0.0, 0.0, WIDTH, 40.0, band);
    let mut name_x = MARGIN;
    if let Some((png, (w, h))) = logo_png.and_then(|png| crate::brand::check_png(&png).ok().map(|size| (png, size))) {
        let height = 26.0;
        let width = (height * w as f32 / h as f32).min(140.0);
        layout.rect(MARGIN - 3.0, 4.0, width + 6.0, height + 6.0, [255; 3]);
        layout.page().push(Op::Png { x: MARGIN, y: 7.0, w: width, h: height, png });
        name_x += width + 12.0;
    }
    layout.page().push(Op::Text {
        x: name_x,
        y: 26.0,
        size: 14.0,
        bold: true,
        color: [255; 3],
        text: name.to_string(),
    });
    let caption = tr!(lang, "report-caption", product = name);
    let caption_width = layout.measure.width(&caption, 9.0, false);
    layout.page().push(Op::Text {
        x: WIDTH - MARGIN - caption_width,
        y: 25.0,
        size: 9.0,
        bold: false,
        color: [255; 3],
        text: caption,
    });
    let title = session.label.clone().unwrap_or_else(|| session.code.clone());
    layout.paragraph(&title, 18.0, true, INK, MARGIN, full);
    let mut meta =
        vec![tr!(lang, "report-code-created", code = session.code.clone(), created = when(session.created_at_ms))];
    // The profile's texts in the report's language, where the operator translated them.
    let profile = session.profile.as_ref().map(|p| p.in_language(lang));
    if let Some(profile) = &profile {
        meta.push(tr!(lang, "report-requirements", profile = profile.name.clone()));
    }
    layout.paragraph(&meta.join(" · "), 9.0, false, MUTED, MARGIN, full);
    if let Some(support) = brand.and_then(|b| b.support.as_deref()) {
        layout.paragraph(support, 9.0, true, INK, MARGIN, full);
    }
    layout.gap(6.0);

    for run in session.runs.iter().take(MAX_RUNS) {
        run_section(&mut layout, lang, name, &session.code, run);
    }
    if let Some(profile) = &profile {
        checklist(&mut layout, lang, profile);
    }
    draw(layout.pages, lang, &session.code, name)
}

fn run_section(layout: &mut Layout, lang: Lang, product: &str, code: &str, run: &RunView) {
    let full = WIDTH - 2.0 * MARGIN;
    layout.room(120.0);
    layout.gap(8.0);
    layout.paragraph(
        &tr!(lang, "report-run-title", run = run.number, time = when(run.created_at_ms)),
        13.0,
        true,
        INK,
        MARGIN,
        full,
    );
    // The verdict banner.
    let verdict = run.verdict.word(lang);
    let explanation = run.verdict.explanation(lang);
    let top = layout.y;
    layout.rect(MARGIN, top, 4.0, 34.0, verdict_color(run.verdict));
    layout.rect(MARGIN + 4.0, top, full - 4.0, 34.0, PANEL);
    layout.page().push(Op::Text {
        x: MARGIN + 14.0,
        y: top + 15.0,
        size: 12.0,
        bold: true,
        color: verdict_color(run.verdict),
        text: verdict,
    });
    layout.page().push(Op::Text {
        x: MARGIN + 14.0,
        y: top + 28.0,
        size: 8.5,
        bold: false,
        color: INK,
        text: explanation,
    });
    layout.y = top + 42.0;

    for check in &run.checks {
        layout.room(30.0);
        let word = check.status.word(lang);
        let name = check.id.name(lang);
        let y = layout.y + 10.0;
        let color = status_color(check.status);
        let word_width = layout.measure.width(&word, 8.0, true);
        layout.rect(MARGIN, layout.y + 1.0, word_width + 8.0, 12.0, PANEL);
        layout.page().push(Op::Text { x: MARGIN + 4.0, y: y - 0.5, size: 8.0, bold: true, color, text: word });
        let indent = MARGIN + 78.0;
        layout.page().push(Op::Text { x: indent, y, size: 10.0, bold: true, color: INK, text: name });
        layout.y += 14.0;
        let width = WIDTH - MARGIN - indent;
        layout.paragraph(&check.summary.render(lang), 9.0, false, INK, indent, width);
        if let Some(fix) = &check.fix {
            let line = format!("{} {}", text(lang, "checklist-what-to-do"), fix.render(lang));
            layout.paragraph(&line, 9.0, false, INK, indent, width);
        }
        if let Some(cause) = check.blocked_by {
            layout.paragraph(
                &tr!(lang, "checklist-blocked-by", check = cause.name(lang)),
                8.5,
                false,
                MUTED,
                indent,
                width,
            );
        }
        layout.gap(5.0);
    }

    if let Some(media) = run.results.media.as_ref().filter(|m| m.rtt_series.len() > 1) {
        let points: Vec<(f64, f64)> = media.rtt_series.iter().map(|p| (p[0], p[1])).collect();
        let top = points.iter().map(|p| p.1).fold(1.0, f64::max);
        let seconds = points.last().map(|p| p.0).unwrap_or(1.0).max(1.0);
        let caption = tr!(lang, "report-rtt-chart-caption", seconds = format!("{seconds:.0}"), top = lang.ms(top));
        chart(layout, &caption, &[(points, BRAND)], seconds, top);
    }
    if let Some(bandwidth) = &run.results.bandwidth {
        let (down, up) = (&bandwidth.down.samples_kbps, &bandwidth.up.samples_kbps);
        if !down.is_empty() || !up.is_empty() {
            let series = |samples: &[f64], from: usize| -> Vec<(f64, f64)> {
                samples.iter().enumerate().map(|(i, v)| ((from + i) as f64, *v)).collect()
            };
            let top = down.iter().chain(up).copied().fold(1.0, f64::max);
            let seconds = (down.len() + up.len()).max(2) as f64 - 1.0;
            let caption = format!(
                "{}{} {} {}{}",
                text(lang, "report-rate-chart-download")
                    .chars()
                    .next()
                    .map(|c| c.to_uppercase().to_string())
                    .unwrap_or_default(),
                text(lang, "report-rate-chart-download").chars().skip(1).collect::<String>(),
                text(lang, "report-rate-chart-then"),
                text(lang, "report-rate-chart-upload"),
                tr!(lang, "report-rate-chart-caption", top = lang.rate(top))
            );
            chart(layout, &caption, &[(series(down, 0), PASS), (series(up, down.len()), BRAND)], seconds, top);
        }
    }

    let heading = vec![
        tr!(lang, "it-box-code-run", code = code.to_string(), run = run.number, time = when(run.created_at_ms)),
        tr!(lang, "it-box-browser", browser = run.results.browser.ua.label()),
        tr!(lang, "it-box-public-network", network = run.network.client_prefix.clone()),
    ];
    if let Some(for_it) = it_text(lang, product, &heading, run.verdict, &run.checks) {
        layout.room(60.0);
        layout.gap(4.0);
        layout.paragraph(&text(lang, "it-box-heading"), 11.0, true, INK, MARGIN, full);
        let top = layout.y;
        let lines = layout.measure.wrap(&for_it, 8.0, false, full - 16.0).len();
        let height = lines as f32 * 8.0 * 1.35 + 10.0;
        if top + height <= BOTTOM {
            layout.rect(MARGIN, top, full, height, PANEL);
        }
        layout.gap(5.0);
        layout.paragraph(&for_it, 8.0, false, INK, MARGIN + 8.0, full - 16.0);
        layout.gap(6.0);
    }
}

/// A line chart of `series` (x from 0 to `x_max`, y from 0 to `y_max`), with its caption.
fn chart(layout: &mut Layout, caption: &str, series: &[(Vec<(f64, f64)>, Rgb)], x_max: f64, y_max: f64) {
    let (w, h) = (WIDTH - 2.0 * MARGIN, 70.0);
    layout.room(h + 28.0);
    layout.gap(4.0);
    let top = layout.y;
    layout.rect(MARGIN, top, w, h, PANEL);
    for (points, color) in series {
        let scaled: Vec<(f32, f32)> = points
            .iter()
            .map(|(x, y)| {
                let px = MARGIN + (x / x_max.max(1e-9)).clamp(0.0, 1.0) as f32 * w;
                let py = top + h - (y / y_max.max(1e-9)).clamp(0.0, 1.0) as f32 * (h - 4.0);
                (px, py)
            })
            .collect();
        if scaled.len() > 1 {
            layout.page().push(Op::Line { points: scaled, color: *color, width: 1.2 });
        }
    }
    layout.y = top + h + 2.0;
    layout.paragraph(caption, 8.0, false, MUTED, MARGIN, w);
    layout.gap(4.0);
}

fn checklist(layout: &mut Layout, lang: Lang, profile: &callready_common::profile::Profile) {
    let full = WIDTH - 2.0 * MARGIN;
    let open = profile.open_lines();
    if open.is_empty() && profile.checklist.is_empty() {
        return;
    }
    layout.room(80.0);
    layout.gap(10.0);
    layout.paragraph(&tr!(lang, "report-for-it-title", profile = profile.name.clone()), 13.0, true, INK, MARGIN, full);
    if !open.is_empty() {
        layout.paragraph(&text(lang, "report-for-it-open"), 9.0, false, MUTED, MARGIN, full);
        for line in open {
            layout.paragraph(&format!("• {line}"), 9.0, false, INK, MARGIN + 8.0, full - 8.0);
        }
    }
    if !profile.checklist.is_empty() {
        layout.paragraph(&text(lang, "report-for-it-by-hand"), 9.0, false, MUTED, MARGIN, full);
        for item in &profile.checklist {
            let row = item.row.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
            let line = format!("• {}{row} — {} {}", item.item, item.vendor_says, item.why);
            layout.paragraph(&line, 9.0, false, INK, MARGIN + 8.0, full - 8.0);
        }
    }
}

fn paint(color: Rgb) -> krilla::paint::Paint {
    rgb::Color::new(color[0], color[1], color[2]).into()
}

/// Draws the pages, each with its footer.
fn draw(pages: Vec<Vec<Op>>, lang: Lang, code: &str, name: &str) -> Result<Vec<u8>, String> {
    let regular = Font::new(REGULAR.into(), 0).ok_or("the embedded font does not load")?;
    let bold = Font::new(BOLD.into(), 0).ok_or("the embedded bold font does not load")?;
    let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or("page size")?;
    let mut document = Document::new();
    let count = pages.len();
    for (index, mut ops) in pages.into_iter().enumerate() {
        let footer = format!("{name} · {code} · {}", tr!(lang, "pdf-page", page = index + 1, pages = count));
        ops.push(Op::Text { x: MARGIN, y: HEIGHT - 28.0, size: 8.0, bold: false, color: MUTED, text: footer });
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Text { x, y, size, bold: is_bold, color, text } => {
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill { paint: paint(color), ..Default::default() }));
                    let font = if is_bold { bold.clone() } else { regular.clone() };
                    surface.draw_text(Point::from_xy(x, y), font, size, &text, false, TextDirection::Auto);
                }
                Op::Rect { x, y, w, h, color } => {
                    let Some(rect) = Rect::from_xywh(x, y, w, h) else { continue };
                    let mut builder = PathBuilder::new();
                    builder.push_rect(rect);
                    let Some(path) = builder.finish() else { continue };
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill { paint: paint(color), ..Default::default() }));
                    surface.draw_path(&path);
                }
                Op::Line { points, color, width } => {
                    let mut builder = PathBuilder::new();
                    for (i, (x, y)) in points.iter().enumerate() {
                        if i == 0 {
                            builder.move_to(*x, *y);
                        } else {
                            builder.line_to(*x, *y);
                        }
                    }
                    let Some(path) = builder.finish() else { continue };
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke { paint: paint(color), width, ..Default::default() }));
                    surface.draw_path(&path);
                }
                Op::Png { x, y, w, h, png } => {
                    let (Ok(image), Some(size)) = (Image::from_png(png.into(), true), Size::from_wh(w, h)) else {
                        continue;
                    };
                    surface.push_transform(&Transform::from_translate(x, y));
                    surface.draw_image(image, size);
                    surface.pop();
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("the PDF could not be written: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_within_the_width_and_keep_every_word() {
        let measure = Measure::new().unwrap();
        let text = "Время приёма-передачи HTTPS (медиана / p95) 1,7 мс / 3,4 мс, и ещё несколько слов для переноса";
        let lines = measure.wrap(text, 9.0, false, 120.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| measure.width(l, 9.0, false) <= 120.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert!(measure.width("WWW", 10.0, true) > measure.width("iii", 10.0, true));
    }
}
