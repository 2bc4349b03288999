//! Checks of a request against its spec's constraints, run before anything is sent.
//!
//! The generated request types implement [`Validate`]; their `validate_at` feeds every field
//! through a [`Checker`], which records each broken rule with the field's wire path.

use std::fmt;

/// One broken constraint: which field, and which rule of the spec it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The field's wire path, e.g. `data.attributes.amount` or `toAddresses[0].symbol`.
    pub field: String,
    /// The rule the value breaks.
    pub rule: Rule,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.rule)
    }
}

/// A constraint from an OpenAPI schema, with the spec's bound.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// `maxLength`, in characters.
    MaxLength(usize),
    /// `minLength`, in characters.
    MinLength(usize),
    /// `minimum` (inclusive).
    Minimum(String),
    /// `exclusiveMinimum`.
    ExclusiveMinimum(String),
    /// `maximum` (inclusive).
    Maximum(String),
    /// `exclusiveMaximum`.
    ExclusiveMaximum(String),
    /// `maxItems`.
    MaxItems(usize),
    /// `minItems`.
    MinItems(usize),
    /// `enum`: the value must be one of these.
    OneOf(Vec<String>),
    /// A path parameter must be a usable path segment.
    PathSegment,
    /// The field must be set.
    Required,
    /// A header value must be visible ASCII.
    HeaderValue,
    /// The value could not be written as the wire format requires.
    Serializable(String),
    /// A text that is set must say something: empty or whitespace only is refused.
    Blank,
    /// The value must have the form described in words (`a currency code of …`).
    Format(String),
    /// A moment that must still be ahead (an expiry): one at or before the check is refused.
    Future,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::MaxLength(n) => write!(f, "must be at most {n} characters long"),
            Rule::MinLength(n) => write!(f, "must be at least {n} characters long"),
            Rule::Minimum(n) => write!(f, "must be at least {n}"),
            Rule::ExclusiveMinimum(n) => write!(f, "must be greater than {n}"),
            Rule::Maximum(n) => write!(f, "must be at most {n}"),
            Rule::ExclusiveMaximum(n) => write!(f, "must be less than {n}"),
            Rule::MaxItems(n) => write!(f, "must have at most {n} items"),
            Rule::MinItems(n) => write!(f, "must have at least {n} items"),
            Rule::OneOf(allowed) => write!(f, "must be one of {}", allowed.join(", ")),
            Rule::Required => f.write_str("is required"),
            Rule::HeaderValue => f.write_str("must be a valid header value"),
            Rule::Serializable(why) => write!(f, "cannot be written: {why}"),
            Rule::Blank => f.write_str("must not be empty or whitespace only"),
            Rule::Format(form) => write!(f, "must be {form}"),
            Rule::Future => f.write_str("must be in the future"),
            Rule::PathSegment => {
                f.write_str("must be a non-empty path segment other than . and ..")
            }
        }
    }
}

/// Every constraint a request breaks; never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid request: {}", display_all(.0))]
pub struct Invalid(pub Vec<Violation>);

fn display_all(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A wire type whose spec carries constraints.
pub trait Validate {
    /// Records, under `checker`'s current path, every constraint `self` breaks.
    fn validate_at(&self, checker: &mut Checker);

    /// Checks every constraint of the spec, and lists all that are broken.
    fn validate(&self) -> Result<(), Invalid> {
        let mut checker = Checker::default();
        self.validate_at(&mut checker);
        checker.finish()
    }
}

/// Collects violations while the generated code walks a value.
#[derive(Debug, Default)]
pub struct Checker {
    path: Vec<String>,
    violations: Vec<Violation>,
}

impl Checker {
    fn field_path(&self, field: &str) -> String {
        let mut path = String::new();
        for part in self.path.iter().map(String::as_str).chain([field]) {
            if !path.is_empty() && !part.starts_with('[') {
                path.push('.');
            }
            path.push_str(part);
        }
        path
    }

    fn fail(&mut self, field: &str, rule: Rule) {
        let field = self.field_path(field);
        self.violations.push(Violation { field, rule });
    }

    /// `maxLength` / `minLength`, counted in characters as JSON Schema counts them.
    pub fn length(&mut self, field: &str, value: &str, min: Option<usize>, max: Option<usize>) {
        let len = value.chars().count();
        if let Some(max) = max.filter(|&max| len > max) {
            self.fail(field, Rule::MaxLength(max));
        }
        if let Some(min) = min.filter(|&min| len < min) {
            self.fail(field, Rule::MinLength(min));
        }
    }

    /// `pattern: "\\S"`, the JSON Schema form of a text that says something: empty or
    /// whitespace only is [`Rule::Blank`].
    pub fn not_blank(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.fail(field, Rule::Blank);
        }
    }

    /// A field that must be set but is not: [`Rule::Required`]. For a requirement the schema
    /// states only in words (set whenever another field has some value), which the caller
    /// has checked.
    pub fn required(&mut self, field: &str) {
        self.fail(field, Rule::Required);
    }

    /// `maxItems` / `minItems`.
    pub fn items(&mut self, field: &str, len: usize, min: Option<usize>, max: Option<usize>) {
        if let Some(max) = max.filter(|&max| len > max) {
            self.fail(field, Rule::MaxItems(max));
        }
        if let Some(min) = min.filter(|&min| len < min) {
            self.fail(field, Rule::MinItems(min));
        }
    }

    /// `minimum`, or `exclusiveMinimum` when `exclusive`.
    pub fn minimum<T: PartialOrd + fmt::Display>(
        &mut self,
        field: &str,
        value: T,
        bound: T,
        exclusive: bool,
    ) {
        match (exclusive, value.partial_cmp(&bound)) {
            (false, Some(std::cmp::Ordering::Less) | None) => {
                self.fail(field, Rule::Minimum(bound.to_string()));
            }
            (true, Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal) | None) => {
                self.fail(field, Rule::ExclusiveMinimum(bound.to_string()));
            }
            _ => {}
        }
    }

    /// `maximum`, or `exclusiveMaximum` when `exclusive`.
    pub fn maximum<T: PartialOrd + fmt::Display>(
        &mut self,
        field: &str,
        value: T,
        bound: T,
        exclusive: bool,
    ) {
        match (exclusive, value.partial_cmp(&bound)) {
            (false, Some(std::cmp::Ordering::Greater) | None) => {
                self.fail(field, Rule::Maximum(bound.to_string()));
            }
            (true, Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal) | None) => {
                self.fail(field, Rule::ExclusiveMaximum(bound.to_string()));
            }
            _ => {}
        }
    }

    /// `enum`: `value` must be one of `allowed`.
    pub fn one_of<T: PartialEq + fmt::Display>(&mut self, field: &str, value: &T, allowed: &[T]) {
        if !allowed.contains(value) {
            let allowed = allowed.iter().map(ToString::to_string).collect();
            self.fail(field, Rule::OneOf(allowed));
        }
    }

    /// A string enum in a request: a value the spec does not list (an `Unknown` variant) is refused.
    pub fn known(&mut self, field: &str, known: bool, allowed: &[&str]) {
        if !known {
            let allowed = allowed.iter().map(|a| (*a).to_owned()).collect();
            self.fail(field, Rule::OneOf(allowed));
        }
    }

    /// Checks a nested value under `field`.
    pub fn nested<V: Validate + ?Sized>(&mut self, field: &str, value: &V) {
        self.path.push(field.to_owned());
        value.validate_at(self);
        self.path.pop();
    }

    /// Checks each element of a list under `field[i]`.
    pub fn each<V: Validate>(&mut self, field: &str, values: &[V]) {
        self.path.push(field.to_owned());
        for (i, value) in values.iter().enumerate() {
            self.nested(&format!("[{i}]"), value);
        }
        self.path.pop();
    }

    /// Ends the walk: `Ok` when nothing was broken.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(Invalid(self.violations))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    struct Inner {
        name: String,
    }
    impl Validate for Inner {
        fn validate_at(&self, c: &mut Checker) {
            c.length("name", &self.name, Some(1), Some(3));
        }
    }
    struct Outer {
        amount: Decimal,
        rows: i64,
        inner: Vec<Inner>,
    }
    impl Validate for Outer {
        fn validate_at(&self, c: &mut Checker) {
            c.minimum("amount", self.amount, Decimal::ZERO, true);
            c.one_of("rows", &self.rows, &[10, 20]);
            c.items("inner", self.inner.len(), None, Some(1));
            c.each("inner", &self.inner);
        }
    }

    #[test]
    fn lists_every_violation_with_its_path_and_rule() {
        let outer = Outer {
            amount: Decimal::ZERO,
            rows: 15,
            inner: vec![
                Inner { name: "ok".into() },
                Inner {
                    name: "long".into(),
                },
            ],
        };
        let err = outer.validate().unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: amount: must be greater than 0; rows: must be one of 10, 20; \
             inner: must have at most 1 items; inner[1].name: must be at most 3 characters long"
        );
    }

    #[test]
    fn names_blank_texts_and_missing_fields() {
        let mut checker = Checker::default();
        checker.not_blank("reference", " \t");
        checker.not_blank("user", " u ");
        checker.required("transactionId");
        assert_eq!(
            checker.finish().unwrap_err().to_string(),
            "invalid request: reference: must not be empty or whitespace only; \
             transactionId: is required"
        );
    }

    #[test]
    fn passes_a_valid_value() {
        let outer = Outer {
            amount: Decimal::new(1, 2),
            rows: 20,
            inner: vec![Inner { name: "é".into() }],
        };
        assert_eq!(outer.validate(), Ok(()));
    }
}
