<?php
/**
 * Runs the handling of each smspay event once: smspay retries a callback
 * until it gets a 2xx, so the same event id can arrive again (even twice at
 * the same time). The event id is claimed in the same database transaction as
 * the order changes: if handling fails, the claim is rolled back with them and
 * smspay's retry gets a fresh chance; a concurrent copy waits on the row and
 * then sees the claim.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Model;

use Magento\Framework\App\ResourceConnection;
use Magento\Framework\DB\Adapter\AdapterInterface;
use Throwable;

class ProcessedEvents
{
    public const TABLE = 'smspay_processed_event';

    /** @var ResourceConnection */
    private $resource;

    public function __construct(ResourceConnection $resource)
    {
        $this->resource = $resource;
    }

    /**
     * @param callable(): void $work
     * @return bool false when the event was already handled (nothing ran)
     */
    public function once(string $eventId, int $orderId, callable $work): bool
    {
        $connection = $this->resource->getConnection();
        $table = $this->resource->getTableName(self::TABLE);
        $connection->beginTransaction();
        try {
            $claimed = $connection->insertArray(
                $table,
                ['event_id', 'order_id'],
                [[$eventId, $orderId]],
                AdapterInterface::INSERT_IGNORE
            );
            if ($claimed === 0) {
                $connection->commit();
                return false;
            }
            $work();
            $connection->commit();
            return true;
        } catch (Throwable $e) {
            $connection->rollBack();
            throw $e;
        }
    }
}
