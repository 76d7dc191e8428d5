//! Products (P5): the catalog as cards with what each sold.

use axum::extract::{Query, State};
use axum::response::Response;
use web::format::{self, money};
use web::pages::*;

use super::{ListQuery, PAGE_CARDS, Viewing, pager};
use crate::http::AppState;
use crate::http::error::{AppError, page};

pub(super) async fn products(
    State(state): State<AppState>,
    v: Viewing,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let t = v.t();
    let search: String = q.q.trim().chars().take(100).collect();
    let page_no = q.page();
    let found = state.db.products_page(&v.scope, &search, (page_no - 1) * PAGE_CARDS, PAGE_CARDS).await?;
    page(&ProductsPage {
        c: v.chrome(),
        cards: found
            .rows
            .iter()
            .map(|p| ProductCard {
                name: p.name.clone(),
                category: p.category.clone(),
                price: money(p.price),
                active: p.active,
                stock: p.stock_milli.map_or_else(|| t.portal.unlimited.to_owned(), format::qty),
                sold: format::qty(p.sold_milli),
                revenue: money(p.revenue),
            })
            .collect(),
        pager: pager(t, "/products", &[("q", &search)], page_no, PAGE_CARDS, found.total),
        q: search,
    })
}
