//! Lists that page by themselves: one stream of items over a list operation, fetching the next
//! page when the previous one is used up.
//!
//! `cargo xtask codegen` implements [`Paged`] for the arguments (query or body) of each list
//! operation a provider's `*.codegen.toml` declares under `[paging]`: which argument asks for
//! which page and how large, and where the reply keeps its items and says whether more follow.
//! [`Executor::items`] walks such a list, one call per page with the executor's rules (a page
//! is a read: retried, within its own deadline); [`Executor::pages`] gives the same walk a page
//! at a time, with what each page says besides its items.

use std::pin::Pin;

use futures_core::Stream;
use futures_util::future::Either;

use crate::error::Error;
use crate::http::Executor;
use crate::operation::{Connector, Operation};

/// A stream of a list's items, page after page; it ends after the last page, or after
/// yielding the error that stopped it.
pub type Items<T> = Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'static>>;

/// The arguments of a list operation, which know how to ask for the page after the one they
/// asked for.
pub trait Paged: Clone + Send + Sync + 'static {
    /// The operation these arguments are sent as.
    type Operation<'a>: Operation<Response = Self::Page> + Send + Sync
    where
        Self: 'a;
    /// One page of the list, as the provider answers it.
    type Page: Send + 'static;
    /// One item of the list.
    type Item: Send + 'static;
    /// The page size asked for when the arguments set none: the largest the provider serves.
    const MAX_SIZE: i64;

    /// The operation asking for the page these arguments name.
    fn operation(&self) -> Self::Operation<'_>;

    /// The argument that sets the page size.
    fn size(&mut self) -> &mut dyn Slot;

    /// The argument that says which page to answer.
    fn position(&mut self) -> Position<'_>;

    /// What a page holds: its items, taken out of it, and what it says about the pages after
    /// it. The rest of the page is left as it was.
    fn split(page: &mut Self::Page) -> Split<Self::Item>;
}

/// How a list names the page it asks for.
pub enum Position<'a> {
    /// A page number counting from 1; a list without a total ends at the first empty page,
    /// since a provider may serve fewer items than asked.
    Page(&'a mut dyn Slot),
    /// How many items to skip.
    Offset(&'a mut dyn Slot),
    /// The cursor the previous page ended on; `None` for the first page.
    Cursor(&'a mut Option<String>),
}

/// What one page says: its items, and, where the provider tells, how many items the whole
/// list has, whether more follow, and the cursor to ask for them with.
#[derive(Debug)]
#[non_exhaustive]
pub struct Split<T> {
    /// The items, in the provider's order.
    pub items: Vec<T>,
    /// How many items the list holds across its pages.
    pub total: Option<i64>,
    /// Whether more items follow this page.
    pub more: Option<bool>,
    /// The cursor of this page's last item.
    pub cursor: Option<String>,
}

impl<T> Split<T> {
    /// A page of `items` that says nothing more.
    pub fn new(items: Vec<T>) -> Self {
        Split {
            items,
            total: None,
            more: None,
            cursor: None,
        }
    }

    /// Sets how many items the whole list holds.
    pub fn total(mut self, total: Option<impl Into<i64>>) -> Self {
        self.total = total.map(Into::into);
        self
    }

    /// Sets whether more items follow.
    pub fn more(mut self, more: Option<bool>) -> Self {
        self.more = more;
        self
    }

    /// Sets the cursor to ask for the next page with.
    pub fn cursor(mut self, cursor: Option<String>) -> Self {
        self.cursor = cursor;
        self
    }
}

/// An integer argument of a list, optional or required, as `i32` or `i64`: the generated
/// arguments hand their page number, offset and page size to [`Executor::items`] as one.
pub trait Slot: Send {
    /// The value, when set.
    fn get(&self) -> Option<i64>;
    /// Sets the value; whether it fits the argument (one that does not leaves it unchanged).
    fn set(&mut self, value: i64) -> bool;
}

macro_rules! slot {
    ($($int:ty),*) => {$(
        impl Slot for $int {
            fn get(&self) -> Option<i64> {
                Some(i64::from(*self))
            }

            fn set(&mut self, value: i64) -> bool {
                <$int>::try_from(value).map(|value| *self = value).is_ok()
            }
        }

        impl Slot for Option<$int> {
            fn get(&self) -> Option<i64> {
                self.map(i64::from)
            }

            fn set(&mut self, value: i64) -> bool {
                <$int>::try_from(value).map(|value| *self = Some(value)).is_ok()
            }
        }
    )*};
}

slot!(i32, i64);

/// `items` up to and including its first error: a stream mapped from a walk, whose mapping
/// may fail on an item (a link read again, an item that cannot be reported), ends at that
/// error as a walk ends at a page's.
pub fn until_error<T: Send + 'static>(
    items: impl Stream<Item = Result<T, Error>> + Send + 'static,
) -> Items<T> {
    Box::pin(futures_util::StreamExt::scan(
        items,
        false,
        |ended, item| {
            let next = (!*ended).then(|| {
                *ended = item.is_err();
                item
            });
            futures_util::future::ready(next)
        },
    ))
}

impl Executor {
    /// Every item of the list `arguments` start, page after page: the first page is the one
    /// they name (the first one, unless set), each page as large as they ask (the provider's
    /// maximum, unless set). The next page is fetched only once the previous one's items are
    /// used up, so memory holds one page however long the walk. Each page is a call of its
    /// own. The walk ends after the last page (see [`Paged`]); an error ends it after it is
    /// yielded. The stream owns what it needs, so it can be moved to another task.
    ///
    /// A walk yields an item twice when the list shifts under it: a page-numbered list sorted
    /// newest first shifts by one with each item added meanwhile. Ask for the oldest first
    /// where the provider can sort, or use a cursor, which does not shift.
    pub fn items<P, C>(&self, connector: C, arguments: P) -> Items<P::Item>
    where
        P: Paged,
        C: Connector + Send + 'static,
    {
        let pages = self.pages(connector, arguments);
        Box::pin(futures_util::StreamExt::flat_map(
            pages,
            |page| match page {
                Ok(page) => {
                    Either::Left(futures_util::stream::iter(page.items.into_iter().map(Ok)))
                }
                Err(error) => Either::Right(futures_util::stream::iter([Err(error)])),
            },
        ))
    }

    /// The pages of the walk [`items`](Self::items) makes, each as fetched: for a list whose
    /// pages say more than their items (the related resources of a JSON:API document).
    pub fn pages<P, C>(&self, connector: C, mut arguments: P) -> Pages<P>
    where
        P: Paged,
        C: Connector + Send + 'static,
    {
        if arguments.size().get().is_none() {
            arguments.size().set(P::MAX_SIZE);
        }
        let size = arguments.size().get().unwrap_or(P::MAX_SIZE);
        // The items before the first page asked for, as a total counts them.
        let before = match arguments.position() {
            Position::Page(number) => number
                .get()
                .unwrap_or(1)
                .saturating_sub(1)
                .saturating_mul(size),
            Position::Offset(offset) => offset.get().unwrap_or(0),
            Position::Cursor(_) => 0,
        };
        let walk = Walk {
            executor: self.clone(),
            connector,
            next: Some(arguments),
            served: before,
        };
        Box::pin(futures_util::stream::unfold(walk, Walk::step))
    }
}

/// A stream of a list's pages, as [`Executor::pages`] fetches them.
pub type Pages<P> = Pin<Box<dyn Stream<Item = Result<Fetched<P>, Error>> + Send + 'static>>;

/// One page of a walk as fetched: its items, taken out, and the rest of the provider's answer.
#[non_exhaustive]
pub struct Fetched<P: Paged> {
    /// The page's items, in the provider's order.
    pub items: Vec<P::Item>,
    /// The page without its items.
    pub rest: P::Page,
}

/// Where a walk stands: the arguments for the next page while there is one.
struct Walk<P: Paged, C> {
    executor: Executor,
    connector: C,
    next: Option<P>,
    /// The items of the list up to the end of the last page fetched, counted as a total counts
    /// them: those before the first page asked for, and every one served since.
    served: i64,
}

impl<P: Paged, C: Connector + Send> Walk<P, C> {
    /// The next page, while there is one.
    async fn step(mut self) -> Option<(Result<Fetched<P>, Error>, Self)> {
        let mut arguments = self.next.take()?;
        let mut page = match self
            .executor
            .send(&self.connector, &arguments.operation())
            .await
        {
            Ok(page) => page,
            Err(error) => return Some((Err(error), self)),
        };
        let split = P::split(&mut page);
        let count = i64::try_from(split.items.len()).unwrap_or(i64::MAX);
        self.served = self.served.saturating_add(count);
        if turn(&mut arguments, &split, self.served) {
            self.next = Some(arguments);
        }
        let fetched = Fetched {
            items: split.items,
            rest: page,
        };
        Some((Ok(fetched), self))
    }
}

/// Moves `arguments` on to the page after `page`; whether there is one, `served` being the
/// items up to the end of `page`. With a total, the walk goes on while it has served fewer
/// items than the total, counting what the provider served rather than what was asked, since
/// a page may hold fewer. An empty page is the last, whatever else it says, and so is one
/// after which the position cannot move (an offset past the argument's range, a cursor the
/// same as before), so a provider that keeps saying "more" cannot loop a walk.
fn turn<P: Paged>(arguments: &mut P, page: &Split<P::Item>, served: i64) -> bool {
    let count = i64::try_from(page.items.len()).unwrap_or(i64::MAX);
    if count == 0 {
        return false;
    }
    let short_of_total = page.total.is_none_or(|total| served < total);
    let more = match arguments.position() {
        Position::Page(number) => {
            let at = number.get().unwrap_or(1);
            number.set(at.saturating_add(1)) && short_of_total
        }
        Position::Offset(offset) => {
            let next = offset.get().unwrap_or(0).saturating_add(count);
            offset.set(next) && short_of_total
        }
        Position::Cursor(cursor) => {
            let moved = page.cursor.is_some() && page.cursor != *cursor;
            cursor.clone_from(&page.cursor);
            moved
        }
    };
    more && page.more != Some(false)
}
