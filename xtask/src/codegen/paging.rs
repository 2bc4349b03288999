//! `[paging]`: the list operations that page by themselves. Each entry names, in the spec's own
//! words, the argument that asks for a page and the one that sizes it, and where the reply keeps
//! its items and says whether more follow; this module finds them in the [`Model`] and writes
//! the `paylinks_core::paging::Paged` impl over the operation's arguments.

use std::fmt::Write as _;

use super::SpecError;
use super::config::Config;
use super::model::{Field, Item, Model, Operation, Paging, Step, Ty};
use super::names::pascal;

/// The `[paging]` entries of `config`, found in `model`, read from the spec `file`.
pub(crate) fn resolve(
    file: &str,
    model: &Model,
    config: &Config,
) -> Result<Vec<Paging>, SpecError> {
    let err = |message: String| SpecError {
        file: file.to_owned(),
        pointer: String::new(),
        message,
    };
    let mut out = Vec::new();
    for (id, entry) in &config.paging {
        let fail = |what: String| err(format!("[paging.{id}] {what}"));
        let op = config
            .operations
            .get(id)
            .and_then(|module| model.operations.iter().find(|op| &op.module == module))
            .ok_or_else(|| fail("names no operation listed in [operations]".into()))?;
        if !op.idempotent {
            return Err(fail(
                "pages an operation that is not idempotent: a list only reads, so a failed page \
                 may be asked again; say so in [idempotent]"
                    .into(),
            ));
        }
        if entry.max_size < 1 || entry.max_size > i64::from(i32::MAX) {
            return Err(fail(format!(
                "`max_size` is {}: a page holds from 1 to {} items",
                entry.max_size,
                i32::MAX
            )));
        }
        let (arguments, fields) = arguments(model, op).map_err(fail)?;
        let argument = |wire: &str, want: &[Ty]| -> Result<String, SpecError> {
            let field = fields
                .iter()
                .find(|f| f.wire == wire)
                .ok_or_else(|| fail(format!("`{wire}` is no argument of the operation")))?;
            if !want.contains(&field.ty) {
                return Err(fail(format!("`{wire}` is not of the type paging needs")));
            }
            Ok(field.rust.clone())
        };
        let ints = [Ty::I32, Ty::I64];
        let position = match (&entry.page, &entry.offset, &entry.cursor) {
            (Some(page), None, None) => ("Page", argument(page, &ints)?),
            (None, Some(offset), None) => ("Offset", argument(offset, &ints)?),
            (None, None, Some(cursor)) => {
                // The first page is asked without one: the argument must be optional.
                if fields.iter().any(|f| f.wire == *cursor && !f.optional()) {
                    return Err(fail(format!(
                        "`{cursor}` is required, and a cursor cannot be"
                    )));
                }
                ("Cursor", argument(cursor, &[Ty::String])?)
            }
            _ => {
                return Err(fail(
                    "needs exactly one of `page`, `offset`, `cursor`".into(),
                ));
            }
        };
        if (position.0 == "Cursor") != entry.next_cursor.is_some() {
            return Err(fail(
                "`next_cursor` goes with `cursor`, and only with it".into(),
            ));
        }
        let page = match &op.success {
            Some((_, Some((_, ty)))) => ty.clone(),
            _ => return Err(fail("the operation's success has no body".into())),
        };
        let path = |wire: &str, want: &dyn Fn(&Ty) -> bool| {
            let (steps, ty) = reply_path(model, &page, wire).map_err(&fail)?;
            if !want(&ty) {
                return Err(fail(format!("`{wire}` is not of the type paging needs")));
            }
            Ok((steps, ty))
        };
        let (items, item) = match path(&entry.items, &|_| true)? {
            (steps, Ty::Vec(inner)) => match *inner {
                Ty::Named(item) => (steps, item),
                _ => return Err(fail("`items` is no list of objects".into())),
            },
            _ => return Err(fail("`items` is no list".into())),
        };
        let some = |wire: &Option<String>, want: &dyn Fn(&Ty) -> bool| {
            wire.as_deref()
                .map(|wire| path(wire, want).map(|(steps, _)| steps))
                .transpose()
        };
        out.push(Paging {
            module: op.module.clone(),
            arguments,
            position,
            size: argument(&entry.size, &ints)?,
            max_size: entry.max_size,
            page: format!("super::{page}"),
            item: format!("super::{item}"),
            items,
            total: some(&entry.total, &|ty| ints.contains(ty))?,
            more: some(&entry.more, &|ty| *ty == Ty::Bool)?,
            next_cursor: some(&entry.next_cursor, &|ty| *ty == Ty::String)?,
        });
    }
    Ok(out)
}

/// The type of the one argument `op` takes (its query or its body) and its fields.
fn arguments<'m>(model: &'m Model, op: &'m Operation) -> Result<(String, &'m [Field]), String> {
    match (&op.body, op.query.is_empty(), op.path_params.is_empty()) {
        (None, false, true) => Ok((format!("{}::Query", op.module), &op.query)),
        (Some((_, body)), true, true) => Ok((format!("super::{body}"), fields(model, body)?)),
        _ => Err("pages only an operation whose one argument is its query or its body".into()),
    }
}

/// The fields of the generated struct `name`.
fn fields<'m>(model: &'m Model, name: &str) -> Result<&'m [Field], String> {
    model
        .items
        .iter()
        .find_map(|item| match item {
            Item::Struct {
                name: found,
                fields,
                ..
            } if found == name => Some(fields.as_slice()),
            _ => None,
        })
        .ok_or_else(|| format!("`{name}` is no generated struct"))
}

/// The Rust fields along the dotted wire path `wire` into the struct `page`, and the type of
/// the last one.
fn reply_path(model: &Model, page: &str, wire: &str) -> Result<(Vec<Step>, Ty), String> {
    let mut steps = Vec::new();
    let mut at = page.to_owned();
    let mut names = wire.split('.').peekable();
    while let Some(name) = names.next() {
        let field = fields(model, &at)?
            .iter()
            .find(|f| f.wire == name)
            .ok_or_else(|| format!("`{wire}`: `{at}` has no property `{name}`"))?;
        steps.push(Step {
            rust: field.rust.clone(),
            optional: field.optional(),
        });
        match (&field.ty, names.peek()) {
            (ty, None) => return Ok((steps, ty.clone())),
            (Ty::Named(next), Some(_)) => at.clone_from(next),
            (_, Some(_)) => return Err(format!("`{wire}`: `{name}` is no object")),
        }
    }
    Err(format!("`{wire}` names no property"))
}

/// A copy of the value at `steps` inside `page`, as an `Option`.
fn read(steps: &[Step], copy: &str) -> String {
    let mut expr = "page".to_owned();
    let mut option = false;
    for step in steps {
        let rust = &step.rust;
        expr = match (option, step.optional) {
            (false, false) => format!("{expr}.{rust}"),
            (false, true) => format!("{expr}.{rust}.as_ref()"),
            (true, false) => format!("{expr}.map(|v| &v.{rust})"),
            (true, true) => format!("{expr}.and_then(|v| v.{rust}.as_ref())"),
        };
        option |= step.optional;
    }
    match (option, copy) {
        (true, _) => format!("{expr}.{copy}()"),
        // A number or a flag is `Copy`: cloning one is clippy's `clone_on_copy`.
        (false, "copied") => format!("Some({expr})"),
        (false, _) => format!("Some({expr}.clone())"),
    }
}

/// The list at `steps` inside `page` (a `&mut`), taken out and left empty; an absent list is
/// empty.
fn take(steps: &[Step]) -> String {
    let Some((last, on_the_way)) = steps.split_last() else {
        return "Vec::new()".to_owned();
    };
    let mut expr = "page".to_owned();
    let mut option = false;
    for step in on_the_way {
        let rust = &step.rust;
        expr = match (option, step.optional) {
            (false, false) => format!("{expr}.{rust}"),
            (false, true) => format!("{expr}.{rust}.as_mut()"),
            (true, false) => format!("{expr}.map(|v| &mut v.{rust})"),
            (true, true) => format!("{expr}.and_then(|v| v.{rust}.as_mut())"),
        };
        option |= step.optional;
    }
    let rust = &last.rust;
    match (option, last.optional) {
        (false, false) => format!("std::mem::take(&mut {expr}.{rust})"),
        (false, true) => format!("{expr}.{rust}.take().unwrap_or_default()"),
        (true, false) => {
            format!("{expr}.map(|v| std::mem::take(&mut v.{rust})).unwrap_or_default()")
        }
        (true, true) => format!("{expr}.and_then(|v| v.{rust}.take()).unwrap_or_default()"),
    }
}

/// Writes the `Paged` impl of `paging`, inside `operations`.
pub(crate) fn emit(out: &mut String, paging: &Paging) {
    let name = pascal(&paging.module);
    let (position, field) = &paging.position;
    let mut split = String::new();
    for (steps, setter, copy) in [
        (&paging.total, "total", "copied"),
        (&paging.more, "more", "copied"),
        (&paging.next_cursor, "cursor", "cloned"),
    ] {
        if let Some(steps) = steps {
            let _ = writeln!(split, "let {setter} = {};", read(steps, copy));
        }
    }
    let _ = write!(
        split,
        "paylinks_core::paging::Split::new({})",
        take(&paging.items)
    );
    for (steps, setter) in [
        (&paging.total, "total"),
        (&paging.more, "more"),
        (&paging.next_cursor, "cursor"),
    ] {
        if steps.is_some() {
            let _ = write!(split, ".{setter}({setter})");
        }
    }
    let _ = writeln!(
        out,
        "/// [`{name}`] pages by itself: see [`paylinks_core::paging`].\nimpl paylinks_core::paging::Paged for {arguments} {{\ntype Operation<'a> = {name}<'a>;\ntype Page = {page};\ntype Item = {item};\nconst MAX_SIZE: i64 = {max};\n\nfn operation(&self) -> Self::Operation<'_> {{\n{name}::new(self)\n}}\n\nfn size(&mut self) -> &mut dyn paylinks_core::paging::Slot {{\n&mut self.{size}\n}}\n\nfn position(&mut self) -> paylinks_core::paging::Position<'_> {{\npaylinks_core::paging::Position::{position}(&mut self.{field})\n}}\n\nfn split(page: &mut Self::Page) -> paylinks_core::paging::Split<Self::Item> {{\n{split}\n}}\n}}\n",
        arguments = paging.arguments,
        page = paging.page,
        item = paging.item,
        max = paging.max_size,
        size = paging.size,
    );
}
