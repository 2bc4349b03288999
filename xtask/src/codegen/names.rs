//! Turning wire names into Rust names.

/// Splits a wire name into words: at non-alphanumerics, at lower→upper steps, and before the
/// last capital of an acronym (`HTTPValidation` → `HTTP`, `Validation`).
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if c.is_ascii_uppercase() => {
                    p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
                }
                _ => false,
            };
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.push(c);
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use",
    "where", "while", "yield", "abstract", "become", "do", "final", "macro", "override", "priv",
    "typeof", "unsized", "virtual",
];

/// `paymentLinkId` → `payment_link_id`; Rust keywords become raw identifiers (`r#type`).
pub(crate) fn snake(name: &str) -> String {
    let mut out = words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "n_");
    }
    match out.as_str() {
        "self" | "super" | "crate" => format!("{out}_"),
        kw if KEYWORDS.contains(&kw) => format!("r#{out}"),
        _ => out,
    }
}

/// `on_chain` → `OnChain`, `USDC` → `Usdc`, `01` → `V01`.
pub(crate) fn pascal(name: &str) -> String {
    let mut out: String = words(name)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            let rest: String = chars.collect();
            let rest = if w.chars().all(|c| !c.is_ascii_lowercase()) {
                rest.to_ascii_lowercase()
            } else {
                rest
            };
            first.into_iter().chain(rest.chars()).collect::<String>()
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if out == "Self" {
        out.push('_');
    }
    out
}

/// Names a generated struct already has for something else: its constructor, the `Query`
/// struct's `to_pairs`, and the methods of the traits it implements (a setter of that name would
/// hide them in method calls).
const TAKEN: &[&str] = &[
    "new",
    "default",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "serialize",
    "deserialize",
    "validate",
    "validate_at",
    "to_pairs",
];

/// The setter of the optional field `field` (a Rust name from [`snake`] or `[fields]`): the
/// field's own name, a raw identifier for a keyword (`r#type`), or `set_<name>` where the name
/// is taken (`set_new`).
pub(crate) fn setter(field: &str) -> String {
    if TAKEN.contains(&field) {
        format!("set_{field}")
    } else {
        field.to_owned()
    }
}

/// The name without a raw-identifier prefix, as serde sees it.
pub(crate) fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_cases_wire_names() {
        for (wire, rust) in [
            ("paymentLinkId", "payment_link_id"),
            ("ClientTransactionId", "client_transaction_id"),
            ("HTTPValidationError", "http_validation_error"),
            ("expires_at", "expires_at"),
            ("X-Api-Key", "x_api_key"),
            ("type", "r#type"),
            ("self", "self_"),
            ("page_no", "page_no"),
            ("amount2Fiat", "amount2_fiat"),
        ] {
            assert_eq!(snake(wire), rust, "{wire}");
        }
    }

    #[test]
    fn setters_take_the_field_name_unless_it_is_taken() {
        assert_eq!(setter("expires_at"), "expires_at");
        assert_eq!(setter("r#type"), "r#type");
        assert_eq!(setter("new"), "set_new");
        assert_eq!(setter("validate"), "set_validate");
    }

    #[test]
    fn pascal_cases_wire_values() {
        for (wire, rust) in [
            ("on_chain", "OnChain"),
            ("badRequest", "BadRequest"),
            ("USDC", "Usdc"),
            ("01", "V01"),
            ("P403", "P403"),
            ("DeFiWallet", "DeFiWallet"),
            (
                "CommonResponse_ExternalApiPaymentLinkRead_",
                "CommonResponseExternalApiPaymentLinkRead",
            ),
            ("HTTPValidationError", "HttpValidationError"),
        ] {
            assert_eq!(pascal(wire), rust, "{wire}");
        }
    }
}
