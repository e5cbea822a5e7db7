<?php
/**
 * Registers the Smspay_SmsPayment module with Magento.
 */
declare(strict_types=1);

use Magento\Framework\Component\ComponentRegistrar;

ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Smspay_SmsPayment', __DIR__);
