<?php
/**
 * Placing the order: nothing is charged yet (the customer pays on smspay's
 * page afterwards), so the order waits in pending_payment until smspay
 * confirms the payment.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Gateway\Command;

use Magento\Payment\Gateway\CommandInterface;
use Magento\Payment\Gateway\Helper\SubjectReader;
use Magento\Sales\Model\Order;

class InitializeCommand implements CommandInterface
{
    /** @param array<string, mixed> $commandSubject */
    public function execute(array $commandSubject)
    {
        $stateObject = SubjectReader::readStateObject($commandSubject);
        $stateObject->setData('state', Order::STATE_PENDING_PAYMENT);
        $stateObject->setData('status', Order::STATE_PENDING_PAYMENT);
        $stateObject->setData('is_notified', false);
        return null;
    }
}
