//! Core's paging walk ([`Executor::items`]) against a local httpmock server, with a hand-written
//! [`Paged`] list standing in for a generated one: one list that names its page by number, by
//! offset or by cursor, as the test chooses.

// The telemetry tests' connector and executor; their operations are not used here.
#[allow(dead_code)]
mod common;

use futures_util::StreamExt;
use httpmock::prelude::*;
use paylinks_core::paging::{Position, Slot, Split};
use paylinks_core::validate::{Checker, Validate};
use paylinks_core::{ErrorKind, Items, Method, Operation, Paged};

/// How the test list names the page it asks for.
#[derive(Debug, Clone, Copy)]
enum By {
    Page,
    Offset,
    Cursor,
}

/// The arguments of `GET /items`: `size`, and `page`, `offset` or `after` as `by` says.
#[derive(Debug, Clone)]
struct Args {
    by: By,
    page: Option<i64>,
    offset: Option<i32>,
    after: Option<String>,
    size: Option<i64>,
}

impl Args {
    fn new(by: By) -> Self {
        Args {
            by,
            page: None,
            offset: None,
            after: None,
            size: None,
        }
    }
}

/// One page: its items, and what it says about the rest.
#[derive(Debug, serde::Deserialize)]
struct Page {
    items: Vec<u32>,
    total: Option<i64>,
    more: Option<bool>,
    next: Option<String>,
}

/// `GET /items` with the arguments' query.
struct List<'a>(&'a Args);

impl Validate for List<'_> {
    fn validate_at(&self, _: &mut Checker) {}
}

impl Operation for List<'_> {
    type Response = Page;
    const NAME: &'static str = "list_items";
    const METHOD: Method = Method::GET;
    const PATH: &'static str = "/items";
    const ACCEPT: &'static str = "application/json";
    const IDEMPOTENT: bool = true;

    fn query(&self) -> Vec<(&'static str, String)> {
        let args = self.0;
        let mut query = Vec::new();
        if let Some(size) = args.size {
            query.push(("size", size.to_string()));
        }
        if let Some(page) = args.page {
            query.push(("page", page.to_string()));
        }
        if let Some(offset) = args.offset {
            query.push(("offset", offset.to_string()));
        }
        if let Some(after) = &args.after {
            query.push(("after", after.clone()));
        }
        query
    }
}

impl Paged for Args {
    type Operation<'a> = List<'a>;
    type Page = Page;
    type Item = u32;
    const MAX_SIZE: i64 = 3;

    fn operation(&self) -> List<'_> {
        List(self)
    }

    fn size(&mut self) -> &mut dyn Slot {
        &mut self.size
    }

    fn position(&mut self) -> Position<'_> {
        match self.by {
            By::Page => Position::Page(&mut self.page),
            By::Offset => Position::Offset(&mut self.offset),
            By::Cursor => Position::Cursor(&mut self.after),
        }
    }

    fn split(page: &mut Page) -> Split<u32> {
        Split::new(std::mem::take(&mut page.items))
            .total(page.total)
            .more(page.more)
            .cursor(page.next.take())
    }
}

/// A walk of `args` against `server`.
fn items(server: &MockServer, args: Args) -> Items<u32> {
    common::executor(&server.base_url()).items(common::Key::new(), args)
}

/// Every item of the walk, and the kind of the error that ended it, if one did.
async fn walk(stream: Items<u32>) -> (Vec<u32>, Option<ErrorKind>) {
    let mut items = Vec::new();
    let mut stream = stream;
    while let Some(item) = stream.next().await {
        match item {
            Ok(item) => items.push(item),
            Err(error) => {
                assert!(
                    stream.next().await.is_none(),
                    "the stream went on after an error"
                );
                return (items, Some(error.kind()));
            }
        }
    }
    (items, None)
}

#[tokio::test]
async fn page_numbers_move_from_the_first_page_until_an_empty_one() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.path("/items")
                .query_param("size", "3")
                .query_param_missing("page");
            then.status(200).body(r#"{"items":[1,2,3]}"#);
        })
        .await;
    let mut pages = Vec::new();
    for (number, body) in [
        ("2", r#"{"items":[4,5,6]}"#),
        ("3", r#"{"items":[7]}"#),
        ("4", r#"{"items":[]}"#),
    ] {
        pages.push(
            server
                .mock_async(|when, then| {
                    when.path("/items")
                        .query_param("size", "3")
                        .query_param("page", number);
                    then.status(200).body(body);
                })
                .await,
        );
    }
    assert_eq!(
        walk(items(&server, Args::new(By::Page))).await,
        ((1..=7).collect(), None)
    );
    first.assert_async().await;
    for page in pages {
        page.assert_async().await;
    }
}

#[tokio::test]
async fn a_page_numbered_list_with_a_total_ends_at_its_short_last_page() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for (number, body) in [
        (None, r#"{"items":[1,2,3],"total":7}"#),
        (Some("2"), r#"{"items":[4,5,6],"total":7}"#),
        (Some("3"), r#"{"items":[7],"total":7}"#),
    ] {
        pages.push(
            server
                .mock_async(|when, then| {
                    let when = when.path("/items").query_param("size", "3");
                    match number {
                        Some(number) => when.query_param("page", number),
                        None => when.query_param_missing("page"),
                    };
                    then.status(200).body(body);
                })
                .await,
        );
    }
    let beyond = server
        .mock_async(|when, then| {
            when.path("/items").query_param("page", "4");
            then.status(200).body(r#"{"items":[],"total":7}"#);
        })
        .await;
    assert_eq!(
        walk(items(&server, Args::new(By::Page))).await,
        ((1..=7).collect(), None)
    );
    for page in pages {
        page.assert_calls_async(1).await;
    }
    beyond.assert_calls_async(0).await;
}

/// A provider may serve fewer items than asked: with a total, the walk counts what it was
/// served, and goes on until it has the total.
#[tokio::test]
async fn a_page_numbered_list_serving_fewer_than_asked_is_walked_to_its_total() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for (number, body) in [
        (None, r#"{"items":[1,2],"total":5}"#),
        (Some("2"), r#"{"items":[3,4],"total":5}"#),
        (Some("3"), r#"{"items":[5],"total":5}"#),
    ] {
        pages.push(
            server
                .mock_async(|when, then| {
                    let when = when.path("/items").query_param("size", "3");
                    match number {
                        Some(number) => when.query_param("page", number),
                        None => when.query_param_missing("page"),
                    };
                    then.status(200).body(body);
                })
                .await,
        );
    }
    let beyond = server
        .mock_async(|when, then| {
            when.path("/items").query_param("page", "4");
            then.status(200).body(r#"{"items":[],"total":5}"#);
        })
        .await;
    assert_eq!(
        walk(items(&server, Args::new(By::Page))).await,
        ((1..=5).collect(), None)
    );
    for page in pages {
        page.assert_calls_async(1).await;
    }
    beyond.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_walk_starts_at_the_page_and_size_its_arguments_set() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for (number, body) in [("5", r#"{"items":[9,10]}"#), ("6", r#"{"items":[]}"#)] {
        pages.push(
            server
                .mock_async(|when, then| {
                    when.path("/items")
                        .query_param("size", "2")
                        .query_param("page", number);
                    then.status(200).body(body);
                })
                .await,
        );
    }
    let mut args = Args::new(By::Page);
    args.page = Some(5);
    args.size = Some(2);
    assert_eq!(walk(items(&server, args)).await, (vec![9, 10], None));
    for page in pages {
        page.assert_calls_async(1).await;
    }
}

#[tokio::test]
async fn offsets_move_by_the_items_served_until_the_total() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for (offset, body) in [
        (None, r#"{"items":[1,2,3],"total":8}"#),
        // A provider may serve fewer than asked: the next offset counts what came.
        (Some("3"), r#"{"items":[4,5],"total":8}"#),
        (Some("5"), r#"{"items":[6,7,8],"total":8}"#),
    ] {
        pages.push(
            server
                .mock_async(|when, then| {
                    let when = when.path("/items").query_param("size", "3");
                    match offset {
                        Some(offset) => when.query_param("offset", offset),
                        None => when.query_param_missing("offset"),
                    };
                    then.status(200).body(body);
                })
                .await,
        );
    }
    let beyond = server
        .mock_async(|when, then| {
            when.path("/items").query_param("offset", "8");
            then.status(200).body(r#"{"items":[],"total":8}"#);
        })
        .await;
    assert_eq!(
        walk(items(&server, Args::new(By::Offset))).await,
        ((1..=8).collect(), None)
    );
    for page in pages {
        page.assert_calls_async(1).await;
    }
    beyond.assert_calls_async(0).await;
}

#[tokio::test]
async fn an_offset_list_without_a_total_ends_at_an_empty_page() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.path("/items").query_param_missing("offset");
            then.status(200).body(r#"{"items":[1,2,3]}"#);
        })
        .await;
    let empty = server
        .mock_async(|when, then| {
            when.path("/items").query_param("offset", "3");
            then.status(200).body(r#"{"items":[]}"#);
        })
        .await;
    assert_eq!(
        walk(items(&server, Args::new(By::Offset))).await,
        (vec![1, 2, 3], None)
    );
    first.assert_calls_async(1).await;
    empty.assert_calls_async(1).await;
}

#[tokio::test]
async fn cursors_move_to_where_each_page_ended_until_no_more_follow() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for (after, body) in [
        (None, r#"{"items":[1,2,3],"more":true,"next":"c3"}"#),
        (Some("c3"), r#"{"items":[4,5,6],"more":true,"next":"c6"}"#),
        (Some("c6"), r#"{"items":[7],"more":false,"next":"c7"}"#),
    ] {
        pages.push(
            server
                .mock_async(|when, then| {
                    let when = when.path("/items").query_param("size", "3");
                    match after {
                        Some(after) => when.query_param("after", after),
                        None => when.query_param_missing("after"),
                    };
                    then.status(200).body(body);
                })
                .await,
        );
    }
    let beyond = server
        .mock_async(|when, then| {
            when.path("/items").query_param("after", "c7");
            then.status(200).body(r#"{"items":[8]}"#);
        })
        .await;
    assert_eq!(
        walk(items(&server, Args::new(By::Cursor))).await,
        ((1..=7).collect(), None)
    );
    for page in pages {
        page.assert_calls_async(1).await;
    }
    beyond.assert_calls_async(0).await;
}

#[tokio::test]
async fn an_empty_page_ends_the_walk_even_when_it_says_more_follow() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.path("/items").query_param_missing("after");
            then.status(200)
                .body(r#"{"items":[1,2,3],"more":true,"next":"c3"}"#);
        })
        .await;
    let empty = server
        .mock_async(|when, then| {
            when.path("/items").query_param("after", "c3");
            then.status(200)
                .body(r#"{"items":[],"more":true,"next":"c4","total":10}"#);
        })
        .await;
    let beyond = server
        .mock_async(|when, then| {
            when.path("/items").query_param("after", "c4");
            then.status(200).body(r#"{"items":[4]}"#);
        })
        .await;
    assert_eq!(
        walk(items(&server, Args::new(By::Cursor))).await,
        (vec![1, 2, 3], None)
    );
    first.assert_calls_async(1).await;
    empty.assert_calls_async(1).await;
    beyond.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_cursor_that_does_not_move_ends_the_walk() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.path("/items").query_param_missing("after");
            then.status(200)
                .body(r#"{"items":[1,2,3],"more":true,"next":"c3"}"#);
        })
        .await;
    // The provider keeps answering the same page with the same cursor and "more".
    let stuck = server
        .mock_async(|when, then| {
            when.path("/items").query_param("after", "c3");
            then.status(200)
                .body(r#"{"items":[4,5,6],"more":true,"next":"c3"}"#);
        })
        .await;
    assert_eq!(
        walk(items(&server, Args::new(By::Cursor))).await,
        ((1..=6).collect(), None)
    );
    first.assert_calls_async(1).await;
    stuck.assert_calls_async(1).await;
}

#[tokio::test]
async fn an_error_is_yielded_after_the_items_before_it_and_ends_the_walk() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/items").query_param_missing("page");
            then.status(200).body(r#"{"items":[1,2,3]}"#);
        })
        .await;
    let refused = server
        .mock_async(|when, then| {
            when.path("/items").query_param("page", "2");
            then.status(400).body(r#"{"error":"bad page"}"#);
        })
        .await;
    let beyond = server
        .mock_async(|when, then| {
            when.path("/items").query_param("page", "3");
            then.status(200).body(r#"{"items":[7]}"#);
        })
        .await;
    let (items, end) = walk(items(&server, Args::new(By::Page))).await;
    assert_eq!(items, vec![1, 2, 3]);
    assert_eq!(end, Some(ErrorKind::Validation));
    // A refusal is not retried, and nothing is asked after it.
    refused.assert_calls_async(1).await;
    beyond.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_page_is_fetched_only_once_the_previous_one_is_used_up() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.path("/items").query_param_missing("page");
            then.status(200).body(r#"{"items":[1,2,3]}"#);
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.path("/items").query_param("page", "2");
            then.status(200).body(r#"{"items":[4]}"#);
        })
        .await;
    let mut stream = items(&server, Args::new(By::Page));
    first.assert_calls_async(0).await;
    assert_eq!(stream.next().await.unwrap().unwrap(), 1);
    assert_eq!(stream.next().await.unwrap().unwrap(), 2);
    assert_eq!(stream.next().await.unwrap().unwrap(), 3);
    first.assert_calls_async(1).await;
    second.assert_calls_async(0).await;
    assert_eq!(stream.next().await.unwrap().unwrap(), 4);
    second.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_walk_can_be_spawned_onto_another_task() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/items").query_param_missing("after");
            then.status(200)
                .body(r#"{"items":[1,2,3],"more":true,"next":"c3"}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/items").query_param("after", "c3");
            then.status(200).body(r#"{"items":[4],"more":false}"#);
        })
        .await;
    let stream = items(&server, Args::new(By::Cursor));
    let walked = tokio::spawn(walk(stream)).await.unwrap();
    assert_eq!(walked, ((1..=4).collect(), None));
}

#[tokio::test]
async fn a_page_answered_503_is_retried_as_any_read_is() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/items").query_param_missing("page");
            then.status(200).body(r#"{"items":[1,2,3]}"#);
        })
        .await;
    // Attempts are numbered across the walk: the first page was attempt 1.
    let busy = server
        .mock_async(|when, then| {
            when.path("/items")
                .query_param("page", "2")
                .header("x-attempt", "2");
            then.status(503).body("busy");
        })
        .await;
    let served = server
        .mock_async(|when, then| {
            when.path("/items")
                .query_param("page", "2")
                .header("x-attempt", "3");
            then.status(200).body(r#"{"items":[4]}"#);
        })
        .await;
    let last = server
        .mock_async(|when, then| {
            when.path("/items").query_param("page", "3");
            then.status(200).body(r#"{"items":[]}"#);
        })
        .await;
    assert_eq!(
        walk(items(&server, Args::new(By::Page))).await,
        (vec![1, 2, 3, 4], None)
    );
    busy.assert_calls_async(1).await;
    served.assert_calls_async(1).await;
    last.assert_calls_async(1).await;
}
