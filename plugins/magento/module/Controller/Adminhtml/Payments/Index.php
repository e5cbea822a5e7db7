<?php
/**
 * Sales > SMS payments (admin route smspay/payments/index).
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Controller\Adminhtml\Payments;

use Magento\Backend\App\Action;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\Controller\ResultFactory;

class Index extends Action implements HttpGetActionInterface
{
    public const ADMIN_RESOURCE = 'Smspay_SmsPayment::payments';

    public function execute()
    {
        /** @var \Magento\Backend\Model\View\Result\Page $page */
        $page = $this->resultFactory->create(ResultFactory::TYPE_PAGE);
        $page->setActiveMenu(self::ADMIN_RESOURCE);
        $page->getConfig()->getTitle()->prepend(__('SMS payments'));
        return $page;
    }
}
