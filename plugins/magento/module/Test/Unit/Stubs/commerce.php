<?php
/**
 * Minimal stand-ins for the Magento_Payment, Magento_Sales and
 * Magento_Checkout types the module touches (names and signatures as in
 * Magento 2.4).
 */
declare(strict_types=1);

namespace Magento\Payment\Model {
    interface InfoInterface
    {
        public function setAdditionalInformation($key, $value = null);

        public function getAdditionalInformation($key = null);
    }
}

namespace Magento\Payment\Gateway {
    interface CommandInterface
    {
        public function execute(array $commandSubject);
    }
}

namespace Magento\Payment\Gateway\Command {
    class CommandException extends \Magento\Framework\Exception\LocalizedException
    {
    }
}

namespace Magento\Payment\Gateway\Data {
    interface PaymentDataObjectInterface
    {
        public function getOrder();

        public function getPayment();
    }

    class PaymentDataObject implements PaymentDataObjectInterface
    {
        /** @var mixed */
        private $order;

        /** @var \Magento\Payment\Model\InfoInterface */
        private $payment;

        public function __construct($order, \Magento\Payment\Model\InfoInterface $payment)
        {
            $this->order = $order;
            $this->payment = $payment;
        }

        public function getOrder()
        {
            return $this->order;
        }

        public function getPayment()
        {
            return $this->payment;
        }
    }
}

namespace Magento\Payment\Gateway\Helper {
    use Magento\Payment\Gateway\Data\PaymentDataObjectInterface;

    class SubjectReader
    {
        public static function readPayment(array $subject)
        {
            if (!isset($subject['payment']) || !$subject['payment'] instanceof PaymentDataObjectInterface) {
                throw new \InvalidArgumentException('Payment data object should be provided');
            }
            return $subject['payment'];
        }

        public static function readStateObject(array $subject)
        {
            if (!isset($subject['stateObject']) || !$subject['stateObject'] instanceof \Magento\Framework\DataObject) {
                throw new \InvalidArgumentException('State object does not exist');
            }
            return $subject['stateObject'];
        }
    }
}

namespace Magento\Payment\Gateway\Config {
    use Magento\Framework\App\Config\ScopeConfigInterface;

    class Config
    {
        public const DEFAULT_PATH_PATTERN = 'payment/%s/%s';

        /** @var ScopeConfigInterface */
        private $scopeConfig;

        /** @var string|null */
        private $methodCode;

        /** @var string */
        private $pathPattern;

        public function __construct(
            ScopeConfigInterface $scopeConfig,
            $methodCode = null,
            $pathPattern = self::DEFAULT_PATH_PATTERN
        ) {
            $this->scopeConfig = $scopeConfig;
            $this->methodCode = $methodCode;
            $this->pathPattern = $pathPattern;
        }

        public function getValue($field, $storeId = null)
        {
            return $this->scopeConfig->getValue(sprintf($this->pathPattern, $this->methodCode, $field), 'store', $storeId);
        }
    }
}

namespace Magento\Payment\Gateway\Validator {
    interface ResultInterface
    {
        public function isValid();

        public function getFailsDescription();
    }

    class Result implements ResultInterface
    {
        /** @var bool */
        private $isValid;

        /** @var array<mixed> */
        private $failsDescription;

        public function __construct($isValid, array $failsDescription = [], array $errorCodes = [])
        {
            $this->isValid = (bool) $isValid;
            $this->failsDescription = $failsDescription;
        }

        public function isValid()
        {
            return $this->isValid;
        }

        public function getFailsDescription()
        {
            return $this->failsDescription;
        }
    }

    class ResultInterfaceFactory
    {
        public function create(array $data = [])
        {
            return new Result($data['isValid'], $data['failsDescription'] ?? [], $data['errorCodes'] ?? []);
        }
    }

    abstract class AbstractValidator
    {
        /** @var ResultInterfaceFactory */
        private $resultInterfaceFactory;

        public function __construct(ResultInterfaceFactory $resultFactory)
        {
            $this->resultInterfaceFactory = $resultFactory;
        }

        abstract public function validate(array $validationSubject);

        protected function createResult($isValid, array $fails = [], array $errorCodes = [])
        {
            return $this->resultInterfaceFactory->create(
                ['isValid' => (bool) $isValid, 'failsDescription' => $fails, 'errorCodes' => $errorCodes]
            );
        }
    }
}

namespace Magento\Sales\Api\Data {
    interface OrderInterface
    {
    }

    interface CreditmemoInterface
    {
    }

    interface InvoiceCommentCreationInterface
    {
    }

    interface InvoiceCreationArgumentsInterface
    {
        public function getExtensionAttributes();
    }
}

namespace Magento\Sales\Api {
    use Magento\Sales\Api\Data\CreditmemoInterface;
    use Magento\Sales\Api\Data\InvoiceCommentCreationInterface;
    use Magento\Sales\Api\Data\InvoiceCreationArgumentsInterface;
    use Magento\Sales\Api\Data\OrderInterface;

    interface OrderRepositoryInterface
    {
        public function get($id);

        public function save(OrderInterface $entity);
    }

    interface OrderManagementInterface
    {
        public function cancel($id);
    }

    interface InvoiceOrderInterface
    {
        public function execute(
            $orderId,
            $capture = false,
            array $items = [],
            $notify = false,
            $appendComment = false,
            ?InvoiceCommentCreationInterface $comment = null,
            ?InvoiceCreationArgumentsInterface $arguments = null
        );
    }

    interface CreditmemoManagementInterface
    {
        public function refund(CreditmemoInterface $creditmemo, $offlineRequested = false);
    }
}

namespace Magento\Sales\Model {
    use Magento\Framework\DataObject;
    use Magento\Sales\Api\Data\OrderInterface;

    class Order extends DataObject implements OrderInterface
    {
        public const STATE_NEW = 'new';
        public const STATE_PENDING_PAYMENT = 'pending_payment';
        public const STATE_PROCESSING = 'processing';
        public const STATE_COMPLETE = 'complete';
        public const STATE_CLOSED = 'closed';
        public const STATE_CANCELED = 'canceled';

        /** @var Order\Payment|null */
        private $payment;

        /** @var Order\Address|null */
        private $billingAddress;

        /** @var list<Order\Item> */
        private $items = [];

        /** @var list<Order\Status\History> */
        private $histories = [];

        /** @var list<Order\Creditmemo> */
        public $creditmemos = [];

        public function setPayment(Order\Payment $payment)
        {
            $this->payment = $payment;
            $payment->setOrder($this);
            return $this;
        }

        public function getPayment()
        {
            return $this->payment;
        }

        public function setBillingAddress(Order\Address $address)
        {
            $this->billingAddress = $address;
            return $this;
        }

        public function getBillingAddress()
        {
            return $this->billingAddress;
        }

        public function addItem(Order\Item $item)
        {
            $this->items[] = $item;
            return $this;
        }

        public function getAllItems()
        {
            return $this->items;
        }

        public function getCreditmemosCollection()
        {
            return $this->creditmemos;
        }

        public function getStatusHistories()
        {
            return $this->histories;
        }

        public function addCommentToStatusHistory($comment, $status = false, $isVisibleOnFront = false)
        {
            $history = new Order\Status\History([
                'comment' => (string) $comment,
                'status' => $status === false ? $this->getStatus() : $status,
                'is_visible_on_front' => $isVisibleOnFront,
            ]);
            $this->histories[] = $history;
            return $history;
        }
    }
}

namespace Magento\Sales\Model\Order {
    use Magento\Framework\DataObject;

    class Payment extends DataObject implements \Magento\Payment\Model\InfoInterface
    {
        /** @var array<string, mixed> */
        private $additionalInformation = [];

        public function setAdditionalInformation($key, $value = null)
        {
            $this->additionalInformation[$key] = $value;
            return $this;
        }

        public function getAdditionalInformation($key = null)
        {
            return $key === null ? $this->additionalInformation : ($this->additionalInformation[$key] ?? null);
        }
    }

    class Address extends DataObject
    {
    }

    class Item extends DataObject
    {
    }

    class Creditmemo extends DataObject implements \Magento\Sales\Api\Data\CreditmemoInterface
    {
        /** @var list<Creditmemo\Comment> */
        private $comments = [];

        public function addComment($comment, $notify = false, $visibleOnFront = false)
        {
            $this->comments[] = new Creditmemo\Comment(['comment' => $comment]);
            return $this;
        }

        public function getComments()
        {
            return $this->comments;
        }
    }

    class CreditmemoFactory
    {
        public function createByOrder(\Magento\Sales\Model\Order $order, array $data = [])
        {
            return new Creditmemo(['order' => $order] + $data);
        }
    }
}

namespace Magento\Sales\Model\Order\Status {
    class History extends \Magento\Framework\DataObject
    {
    }
}

namespace Magento\Sales\Model\Order\Creditmemo {
    class Comment extends \Magento\Framework\DataObject
    {
    }
}

namespace Magento\Checkout\Model {
    interface ConfigProviderInterface
    {
        public function getConfig();
    }

    class Session extends \Magento\Framework\DataObject
    {
        /** @var int */
        public $quoteRestored = 0;

        public function restoreQuote()
        {
            $this->quoteRestored++;
            return true;
        }
    }
}
