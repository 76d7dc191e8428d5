//! Employees (P6): the staff with their figures, and one employee.

use axum::extract::{Path, State};
use axum::response::Response;
use web::pages::*;

use super::{Viewing, employee_row_line};
use crate::http::AppState;
use crate::http::error::{AppError, page};

pub(super) async fn employees(State(state): State<AppState>, v: Viewing) -> Result<Response, AppError> {
    let _t = v.t();
    let rows = state.db.employees_list(&v.scope).await?;
    page(&EmployeesPage { c: v.chrome(), rows: rows.iter().map(employee_row_line).collect() })
}

pub(super) async fn employee(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let _t = v.t();
    let e = state.db.employee_detail(&v.scope, &id).await?;
    page(&EmployeePage { c: v.chrome(), e: employee_row_line(&e) })
}
