<?php
/**
 * A database connection for ProcessedEvents: rows per table, transactions
 * that really roll back, and INSERT IGNORE on the primary key (first column).
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit\Support;

use Magento\Framework\DB\Adapter\AdapterInterface;

class InMemoryConnection implements AdapterInterface
{
    /** @var array<string, array<string, array<string, mixed>>> */
    public $tables = [];

    /** @var array<string, array<string, array<string, mixed>>>|null */
    private $snapshot;

    /** @var int */
    public $commits = 0;

    /** @var int */
    public $rollbacks = 0;

    public function beginTransaction()
    {
        $this->snapshot = $this->tables;
        return $this;
    }

    public function commit()
    {
        $this->snapshot = null;
        $this->commits++;
        return $this;
    }

    public function rollBack()
    {
        $this->tables = $this->snapshot ?? $this->tables;
        $this->snapshot = null;
        $this->rollbacks++;
        return $this;
    }

    public function insertArray($table, array $columns, array $data, $strategy = 0)
    {
        $inserted = 0;
        foreach ($data as $values) {
            $row = array_combine($columns, $values);
            $key = (string) $values[0];
            if (isset($this->tables[$table][$key])) {
                if ($strategy !== self::INSERT_IGNORE) {
                    throw new \RuntimeException('Duplicate entry ' . $key);
                }
                continue;
            }
            $this->tables[$table][$key] = $row;
            $inserted++;
        }
        return $inserted;
    }
}
