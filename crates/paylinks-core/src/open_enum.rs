//! [`open_enum!`](crate::open_enum): a string enum that keeps values it does not know.

/// Declares an open string enum: the listed values, plus `Unknown(String)` for anything else,
/// so a provider adding a value never breaks decoding. The enums `cargo xtask codegen` writes
/// from a spec are this macro's too.
///
/// Values are read without regard to ASCII case (Mesh documents `pending` and sends
/// `Pending`), unless the enum starts with `match exact;`, which reads only the listed
/// spelling (`match ignore_ascii_case;` says the default). [`as_str`](#method.as_str) gives the
/// listed spelling, or an unknown value exactly as received. The enum gets `Debug`, `Clone`,
/// `PartialEq`, `Eq`, `Hash`, `Display`, `From<&str>`, `From<String>`, `String: From<Self>`,
/// serde's `Deserialize` and `Serialize` (as a JSON string), `KNOWN`, `parse`, `as_str` and
/// `is_known`, and is `#[non_exhaustive]`.
///
/// ```
/// paylinks_core::open_enum! {
///     /// A transfer's status.
///     pub enum Status {
///         /// Not final yet.
///         Pending = "pending",
///         /// Delivered.
///         Succeeded = "succeeded",
///     }
/// }
///
/// assert_eq!(Status::parse("Pending"), Status::Pending);
/// assert_eq!(Status::parse("Pending").as_str(), "pending");
/// assert_eq!(Status::parse("RefundPending"), Status::Unknown("RefundPending".into()));
/// let read: Status = serde_json::from_str(r#""SUCCEEDED""#).unwrap();
/// assert_eq!(read, Status::Succeeded);
///
/// paylinks_core::open_enum! {
///     match exact;
///     /// A code, read only as listed.
///     pub enum Code {
///         /// Validation error.
///         P403 = "P403",
///     }
/// }
///
/// assert_eq!(Code::parse("P403"), Code::P403);
/// assert_eq!(Code::parse("p403"), Code::Unknown("p403".into()));
/// ```
#[macro_export]
macro_rules! open_enum {
    (@eq exact, $value:ident, $wire:literal) => {
        $value == $wire
    };
    (@eq ignore_ascii_case, $value:ident, $wire:literal) => {
        $value.eq_ignore_ascii_case($wire)
    };
    (@parse_doc exact) => {
        "Reads a value spelt exactly as listed; anything else is `Unknown`."
    };
    (@parse_doc ignore_ascii_case) => {
        "Reads a value without regard to ASCII case; anything not listed is `Unknown`."
    };
    (
        match $matching:ident;
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value not listed here, exactly as received.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every listed value, as written on the wire.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];

            /// The listed spelling of the value; an unknown value exactly as received.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Unknown(value) => value,
                }
            }

            /// Whether the value is a listed one (not `Unknown`).
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }

            #[doc = $crate::open_enum!(@parse_doc $matching)]
            pub fn parse(value: &str) -> Self {
                Self::listed(value).unwrap_or_else(|| Self::Unknown(value.to_owned()))
            }

            /// The listed value `value` reads as, if any.
            fn listed(value: &str) -> ::std::option::Option<Self> {
                $( if $crate::open_enum!(@eq $matching, value, $wire) {
                    return ::std::option::Option::Some(Self::$variant);
                } )+
                ::std::option::Option::None
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::parse(value)
            }
        }

        /// Keeps the string itself when the value is not listed.
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::listed(&value).unwrap_or(Self::Unknown(value))
            }
        }

        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(value: $name) -> Self {
                match value {
                    $name::Unknown(value) => value,
                    listed => listed.as_str().to_owned(),
                }
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D>(de: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::__serde::Deserializer<'de>,
            {
                $crate::wire::deserialize_str(de, Self::parse)
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S>(&self, ser: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::__serde::Serializer,
            {
                ser.serialize_str(self.as_str())
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $crate::open_enum! {
            match ignore_ascii_case;
            $(#[$meta])*
            $vis enum $name {
                $( $(#[$vmeta])* $variant = $wire, )+
            }
        }
    };
}
