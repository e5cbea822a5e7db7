<?php
/**
 * PHPUnit bootstrap: Magento stand-ins, then the module's own PSR-4 autoloading
 * (Smspay\SmsPayment\ -> the module folder, as composer.json declares).
 */
declare(strict_types=1);

require __DIR__ . '/Stubs/framework.php';
require __DIR__ . '/Stubs/commerce.php';

spl_autoload_register(static function (string $class): void {
    $prefix = 'Smspay\\SmsPayment\\';
    if (strpos($class, $prefix) !== 0) {
        return;
    }
    $file = dirname(__DIR__, 2) . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
