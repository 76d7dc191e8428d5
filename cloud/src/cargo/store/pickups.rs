//! Shipments waiting for a courier at their senders (`pickup_requested`),
//! for the company's pickup rounds and handover acts.

use protocol::ShipmentStatus;

use super::{Shipment, shipment_of};
use crate::db::{Db, DbResult};
use crate::ids::BusinessId;

impl Db {
    /// A company's shipments in `status`, by sender (client, then phone),
    /// oldest first within a sender; at most `limit`.
    ///
    /// # Errors
    /// [`crate::db::DbError`].
    pub async fn shipments_in_status(
        &self,
        business: &BusinessId,
        status: ShipmentStatus,
        limit: i64,
    ) -> DbResult<Vec<Shipment>> {
        let rows = sqlx::query(shipment_sql!(
            "WHERE s.business_id = $1 AND s.status = $2 \
             ORDER BY COALESCE(s.client_id, ''), s.sender_phone, s.created_at, s.id LIMIT $3"
        ))
        .bind(business)
        .bind(status.code())
        .bind(limit.clamp(1, 1000))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(shipment_of).collect()
    }
}
