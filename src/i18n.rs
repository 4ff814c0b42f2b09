//! The UI's two languages (中文, English), hand-rolled in place of leptos_i18n (which cost about
//! 14 KB gz of the main bundle with leptos-use and its locale matching).
//!
//! The texts are in `locales/{zh,en}/<namespace>.json` (as leptos_i18n keeps them: one file per
//! page, `common` for what several pages share), edited by hand in both languages. `build.rs`
//! turns them into `keys::<namespace>`: one function per text (so the splitter can move a text
//! only a lazy page uses into that page's chunk), and for a text with `{{ name }}` placeholders a
//! module with the texts, a struct of the arguments and `fmt`. So:
//! - `td_string!(locale, ns.key)` is the `&'static str` of `key` in namespace `ns`;
//! - `td_string!(locale, ns.key, name = value, ...)` is a `String` with each placeholder replaced
//!   by the value's `Display`; a missing or unknown argument is a compile error;
//! - `tr!(ns.key)` (lib.rs) is the reactive text for a view;
//! - `t_string!(i18n, ...)` is the same for the context's current locale (tracked).
//!
//! The language starts from the browser's (`navigator.languages`, the first Chinese or English
//! one; Chinese otherwise); `ui::Shell` then applies a remembered choice. `<html lang>` follows.

use leptos::prelude::*;
use std::fmt::Display;

include!(concat!(env!("OUT_DIR"), "/i18n/keys.rs"));

#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    zh = 0,
    en = 1,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::zh => "zh",
            Locale::en => "en",
        }
    }

    /// The first Chinese or English tag of a language list (`zh-CN`, `en-US`, ...).
    pub fn from_languages<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Locale> {
        tags.into_iter().find_map(|t| {
            let lang = t
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            match lang.as_str() {
                "zh" => Some(Locale::zh),
                "en" => Some(Locale::en),
                _ => None,
            }
        })
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The current language, shared by the whole app (a `Copy` handle).
#[derive(Clone, Copy)]
pub struct I18nContext(RwSignal<Locale>);

impl I18nContext {
    pub fn get_locale(&self) -> Locale {
        self.0.get()
    }
    pub fn get_locale_untracked(&self) -> Locale {
        self.0.get_untracked()
    }
    pub fn set_locale(&self, l: Locale) {
        self.0.set(l);
    }
}

/// The app's language context; outside the provider (a component rendered alone in a test), a
/// Chinese one of its own.
pub fn use_i18n() -> I18nContext {
    use_context::<I18nContext>().unwrap_or_else(|| {
        let ctx = I18nContext(RwSignal::new(Locale::zh));
        provide_context(ctx);
        ctx
    })
}

fn browser_locale() -> Locale {
    #[cfg(target_arch = "wasm32")]
    {
        let langs: Vec<String> = window()
            .navigator()
            .languages()
            .iter()
            .filter_map(|v| v.as_string())
            .collect();
        Locale::from_languages(langs.iter().map(String::as_str)).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Locale::zh
    }
}

/// Provides the language context (starting from the browser's languages) and keeps
/// `<html lang>` in step with it.
#[component]
pub fn I18nContextProvider(children: Children) -> impl IntoView {
    let ctx = I18nContext(RwSignal::new(browser_locale()));
    provide_context(ctx);
    Effect::new(move |_| {
        let l = ctx.get_locale();
        if let Some(el) = document().document_element() {
            let _ = el.set_attribute("lang", l.as_str());
        }
    });
    children()
}

/// `text` with each `{{ name }}` replaced by its argument (an unknown name is left as it is).
pub fn subst(text: &str, args: &[(&str, &dyn Display)]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[at..]);
            return out;
        };
        // `{{ n|one|other }}`: `one` when n is written "1", else `other` (English plurals)
        let mut parts = after[..end].split('|');
        let name = parts.next().unwrap_or("").trim();
        match (
            args.iter().find(|(n, _)| *n == name),
            parts.next(),
            parts.next(),
        ) {
            (Some((_, v)), Some(one), Some(other)) => out.push_str(if v.to_string() == "1" {
                one.trim()
            } else {
                other.trim()
            }),
            (Some((_, v)), _, _) => {
                let _ = write!(out, "{v}");
            }
            (None, _, _) => out.push_str(&rest[at..at + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

macro_rules! td_string {
    ($l:expr, $ns:ident . $k:ident $(,)?) => {
        $crate::i18n::keys::$ns::$k($l)
    };
    ($l:expr, $ns:ident . $k:ident, $($a:ident = $v:expr),+ $(,)?) => {
        $crate::i18n::keys::$ns::$k::fmt($l, $crate::i18n::keys::$ns::$k::A { $($a: &$v),+ })
    };
}
pub(crate) use td_string;

macro_rules! t_string {
    ($i:expr, $($rest:tt)+) => {
        $crate::i18n::td_string!(($i).get_locale(), $($rest)+)
    };
}
pub(crate) use t_string;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_replaced_by_name() {
        let n = 3;
        assert_eq!(
            subst("共 {{ n }} 件，{{n}}！", &[("n", &n)]),
            "共 3 件，3！"
        );
        assert_eq!(subst("{{ a }} and {{ b", &[("a", &"x")]), "x and {{ b");
        assert_eq!(subst("{{ zz }}", &[]), "{{ zz }}");
        assert_eq!(
            Locale::from_languages(["fr-FR", "en-US", "zh-CN"]),
            Some(Locale::en)
        );
        assert_eq!(Locale::from_languages(["zh_TW"]), Some(Locale::zh));
        assert_eq!(Locale::from_languages(["de"]), None);
    }

    #[test]
    fn english_plurals_follow_the_count() {
        let t = "{{ n }} {{ n|unit|units }}";
        assert_eq!(subst(t, &[("n", &1)]), "1 unit");
        assert_eq!(subst(t, &[("n", &0)]), "0 units");
        assert_eq!(subst(t, &[("n", &"1,001")]), "1,001 units");
        assert_eq!(subst(t, &[("n", &21)]), "21 units");
        // a plural without its argument is left as written
        assert_eq!(subst("{{ m|a|b }}", &[("n", &1)]), "{{ m|a|b }}");
    }

    /// Every English text that counts something says "1 unit", not "1 units" (issue 13 §5).
    #[test]
    fn no_english_text_says_one_of_a_plural() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en");
        let mut en = Vec::new();
        for entry in std::fs::read_dir(dir).expect("locales/en") {
            let path = entry.expect("locale file").path();
            let text = std::fs::read_to_string(&path).expect("locale file");
            let texts: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&text).expect("locale JSON");
            let ns = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            en.extend(texts.into_iter().map(|(k, v)| (format!("{ns}.{k}"), v)));
        }
        assert!(en.len() > 1000, "{} texts", en.len());
        for (k, v) in &en {
            let text = v.as_str().unwrap_or("");
            let names: Vec<&str> = text
                .split("{{")
                .skip(1)
                .filter_map(|p| p.split("}}").next())
                .map(|p| p.split('|').next().unwrap_or("").trim())
                .collect();
            let ones: Vec<(&str, &dyn Display)> =
                names.iter().map(|n| (*n, &1 as &dyn Display)).collect();
            let out = subst(text, &ones);
            // the nouns counted in the texts: write them as `{{ n }} {{ n|unit|units }}`
            for word in [
                " units",
                " products",
                " records",
                " notes",
                " days",
                " snapshots",
                " rows",
                " characters",
                " entries",
                " promotions",
                " warnings",
                " cells",
                " refunds",
                " problems",
                " months",
                " times",
                " statement lines",
                " new items",
                " items",
                " tasks",
                " lines",
                " buyers",
                " orders",
                " files",
                " SKUs",
                " issues",
                " main images",
                " checks",
                " schemes",
                " common days",
            ] {
                let one = format!("1{word}");
                let bad = out
                    .match_indices(&one)
                    .any(|(i, _)| !out[..i].ends_with(|c: char| c.is_ascii_digit() || c == ','));
                assert!(!bad, "{k}: {out}");
            }
        }
    }
}
