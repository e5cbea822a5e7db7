<?php
/**
 * Minimal stand-ins for the Magento framework classes and interfaces the
 * module touches, with Magento's names and signatures (Magento itself is not
 * installable here). Behaviour is the least the module relies on.
 */
declare(strict_types=1);

namespace Magento\Framework\Component {
    class ComponentRegistrar
    {
        public const MODULE = 'module';

        /** @var array<string, array<string, string>> */
        public static $paths = [];

        public static function register($type, $componentName, $path)
        {
            self::$paths[$type][$componentName] = $path;
        }
    }
}

namespace Magento\Framework {
    /** Magento's data container: getFooBar()/setFooBar() read and write "foo_bar". */
    class DataObject
    {
        /** @var array<string, mixed> */
        protected $_data;

        /** @param array<string, mixed> $data */
        public function __construct(array $data = [])
        {
            $this->_data = $data;
        }

        public function getData($key = '', $index = null)
        {
            return $key === '' ? $this->_data : ($this->_data[$key] ?? null);
        }

        public function setData($key, $value = null)
        {
            if (is_array($key)) {
                $this->_data = $key;
            } else {
                $this->_data[$key] = $value;
            }
            return $this;
        }

        public function hasData($key = '')
        {
            return array_key_exists($key, $this->_data);
        }

        public function __call($method, $args)
        {
            $key = strtolower(ltrim((string) preg_replace('/([A-Z])/', '_$1', substr($method, 3)), '_'));
            switch (substr($method, 0, 3)) {
                case 'get':
                    return $this->getData($key);
                case 'set':
                    return $this->setData($key, $args[0] ?? null);
                case 'has':
                    return $this->hasData($key);
            }
            throw new \BadMethodCallException('Invalid method ' . static::class . '::' . $method);
        }
    }

    class Phrase
    {
        /** @var string */
        private $text;

        /** @var array<int, mixed> */
        private $arguments;

        public function __construct($text, array $arguments = [])
        {
            $this->text = (string) $text;
            $this->arguments = $arguments;
        }

        public function getText()
        {
            return $this->text;
        }

        public function render()
        {
            $text = $this->text;
            foreach ($this->arguments as $i => $argument) {
                $text = str_replace('%' . ($i + 1), (string) $argument, $text);
            }
            return $text;
        }

        public function __toString()
        {
            return $this->render();
        }
    }

    interface UrlInterface
    {
        public function getUrl($routePath = null, $routeParams = null);
    }

    class Registry
    {
        /** @var array<string, mixed> */
        private $registry = [];

        public function registry($key)
        {
            return $this->registry[$key] ?? null;
        }

        public function register($key, $value, $graceful = false)
        {
            $this->registry[$key] = $value;
        }
    }

    class Escaper
    {
        public function escapeHtml($data, $allowedTags = null)
        {
            return htmlspecialchars((string) $data, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
        }

        public function escapeHtmlAttr($string, $escapeSingleQuote = true)
        {
            return htmlspecialchars((string) $string, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
        }

        public function escapeUrl($string)
        {
            $url = (string) $string;
            return preg_match('#^(https?:)?//#i', $url) || strpos($url, '/') === 0
                ? htmlspecialchars($url, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8') : '';
        }
    }
}

namespace Magento\Framework\Exception {
    use Magento\Framework\Phrase;

    class LocalizedException extends \Exception
    {
        public function __construct(Phrase $phrase, ?\Exception $cause = null, $code = 0)
        {
            parent::__construct($phrase->render(), (int) $code, $cause);
        }
    }

    class NoSuchEntityException extends LocalizedException
    {
    }
}

namespace Magento\Framework\App {
    interface ActionInterface
    {
        public function execute();
    }

    interface RequestInterface
    {
        public function getParam($key, $defaultValue = null);
    }

    interface CsrfAwareActionInterface extends ActionInterface
    {
        public function createCsrfValidationException(RequestInterface $request): ?Request\InvalidRequestException;

        public function validateForCsrf(RequestInterface $request): ?bool;
    }

    class ResourceConnection
    {
        /** @var \Magento\Framework\DB\Adapter\AdapterInterface */
        private $connection;

        public function __construct(\Magento\Framework\DB\Adapter\AdapterInterface $connection)
        {
            $this->connection = $connection;
        }

        public function getConnection($resourceName = 'default')
        {
            return $this->connection;
        }

        public function getTableName($modelEntity, $connectionName = 'default')
        {
            return (string) $modelEntity;
        }
    }
}

namespace Magento\Framework\App\Action {
    interface HttpGetActionInterface extends \Magento\Framework\App\ActionInterface
    {
    }

    interface HttpPostActionInterface extends \Magento\Framework\App\ActionInterface
    {
    }
}

namespace Magento\Framework\App\Request {
    class InvalidRequestException extends \RuntimeException
    {
    }

    class Http implements \Magento\Framework\App\RequestInterface
    {
        /** @var array<string, mixed> */
        private $params;

        /** @var array<string, string> */
        private $headers;

        /** @var string */
        private $content;

        /** @param array<string, mixed> $params @param array<string, string> $headers */
        public function __construct(array $params = [], array $headers = [], string $content = '')
        {
            $this->params = $params;
            $this->headers = array_change_key_case($headers, CASE_LOWER);
            $this->content = $content;
        }

        public function getParam($key, $defaultValue = null)
        {
            return $this->params[$key] ?? $defaultValue;
        }

        public function getHeader($name, $default = false)
        {
            return $this->headers[strtolower($name)] ?? $default;
        }

        public function getContent()
        {
            return $this->content;
        }
    }
}

namespace Magento\Framework\App\Config {
    interface ScopeConfigInterface
    {
        public function getValue($path, $scopeType = 'default', $scopeCode = null);
    }
}

namespace Magento\Framework\DB\Adapter {
    interface AdapterInterface
    {
        public const INSERT_IGNORE = 1;

        public function beginTransaction();

        public function commit();

        public function rollBack();

        public function insertArray($table, array $columns, array $data, $strategy = 0);
    }
}

namespace Magento\Framework\Controller {
    interface ResultInterface
    {
    }

    class ResultFactory
    {
        public const TYPE_REDIRECT = 'redirect';
        public const TYPE_RAW = 'raw';
        public const TYPE_PAGE = 'page';

        public function create($type, array $arguments = [])
        {
            switch ($type) {
                case self::TYPE_REDIRECT:
                    return new Result\Redirect();
                case self::TYPE_RAW:
                    return new Result\Raw();
                case self::TYPE_PAGE:
                    return new \Magento\Backend\Model\View\Result\Page();
            }
            throw new \InvalidArgumentException('no stand-in result of type ' . $type);
        }
    }
}

namespace Magento\Framework\Controller\Result {
    class Redirect implements \Magento\Framework\Controller\ResultInterface
    {
        /** @var string|null */
        public $url;

        /** @var string|null */
        public $path;

        public function setUrl($url)
        {
            $this->url = $url;
            return $this;
        }

        public function setPath($path, array $params = [])
        {
            $this->path = $path;
            return $this;
        }
    }

    class Raw implements \Magento\Framework\Controller\ResultInterface
    {
        /** @var int */
        public $status = 200;

        /** @var array<string, string> */
        public $headers = [];

        /** @var string */
        public $contents = '';

        public function setHttpResponseCode($httpCode)
        {
            $this->status = $httpCode;
            return $this;
        }

        public function setHeader($name, $value, $replace = false)
        {
            $this->headers[$name] = $value;
            return $this;
        }

        public function setContents($contents)
        {
            $this->contents = $contents;
            return $this;
        }
    }
}

namespace Magento\Framework\Message {
    interface ManagerInterface
    {
        public function addErrorMessage($message, $group = null);

        public function addNoticeMessage($message, $group = null);
    }
}

namespace Magento\Framework\HTTP\Client {
    /**
     * Magento's Curl client; the stand-in hands each request to a responder
     * (the test's fake smspay) instead of the network.
     */
    class Curl
    {
        /** @var callable */
        private $responder;

        /** @var array<string, string> */
        private $headers = [];

        /** @var int */
        private $status = 0;

        /** @var string */
        private $body = '';

        public function __construct(callable $responder)
        {
            $this->responder = $responder;
        }

        public function setTimeout($value)
        {
        }

        public function addHeader($name, $value)
        {
            $this->headers[$name] = $value;
        }

        public function get($uri)
        {
            $this->makeRequest('GET', $uri);
        }

        public function post($uri, $params)
        {
            $this->makeRequest('POST', $uri, $params);
        }

        public function getStatus()
        {
            return $this->status;
        }

        public function getBody()
        {
            return $this->body;
        }

        private function makeRequest($method, $uri, $params = null)
        {
            // Magento's Curl throws a plain \Exception on transport errors.
            [$this->status, $this->body] = ($this->responder)($method, $uri, $this->headers, $params);
        }
    }

    class CurlFactory
    {
        /** @var callable */
        private $responder;

        public function __construct(callable $responder)
        {
            $this->responder = $responder;
        }

        public function create(array $data = [])
        {
            return new Curl($this->responder);
        }
    }
}

namespace Magento\Framework\View\Element {
    class Template
    {
        /** @var Template\Context */
        protected $_context;

        /** @var array<string, mixed> */
        protected $_data;

        public function __construct(Template\Context $context, array $data = [])
        {
            $this->_context = $context;
            $this->_data = $data;
        }

        public function getRequest()
        {
            return $this->_context->getRequest();
        }

        public function getUrl($route = '', $params = [])
        {
            return $this->_context->getUrlBuilder()->getUrl($route, $params);
        }
    }
}

namespace Magento\Framework\View\Element\Template {
    class Context
    {
        /** @var \Magento\Framework\App\RequestInterface */
        private $request;

        /** @var \Magento\Framework\UrlInterface */
        private $urlBuilder;

        public function __construct(\Magento\Framework\App\RequestInterface $request, \Magento\Framework\UrlInterface $urlBuilder)
        {
            $this->request = $request;
            $this->urlBuilder = $urlBuilder;
        }

        public function getRequest()
        {
            return $this->request;
        }

        public function getUrlBuilder()
        {
            return $this->urlBuilder;
        }
    }
}

namespace Magento\Backend\Block {
    class Template extends \Magento\Framework\View\Element\Template
    {
    }
}

namespace Magento\Backend\Block\Template {
    class Context extends \Magento\Framework\View\Element\Template\Context
    {
    }
}

namespace Magento\Backend\App\Action {
    class Context
    {
        /** @var \Magento\Framework\Controller\ResultFactory */
        private $resultFactory;

        public function __construct(\Magento\Framework\Controller\ResultFactory $resultFactory)
        {
            $this->resultFactory = $resultFactory;
        }

        public function getResultFactory()
        {
            return $this->resultFactory;
        }
    }
}

namespace Magento\Backend\App {
    abstract class Action implements \Magento\Framework\App\ActionInterface
    {
        public const ADMIN_RESOURCE = 'Magento_Backend::admin';

        /** @var \Magento\Framework\Controller\ResultFactory */
        protected $resultFactory;

        public function __construct(Action\Context $context)
        {
            $this->resultFactory = $context->getResultFactory();
        }
    }
}

namespace Magento\Backend\Model\View\Result {
    class Page implements \Magento\Framework\Controller\ResultInterface
    {
        /** @var string|null */
        public $activeMenu;

        /** @var list<string> */
        public $titles = [];

        public function setActiveMenu($itemId)
        {
            $this->activeMenu = $itemId;
            return $this;
        }

        public function getConfig()
        {
            return $this;
        }

        public function getTitle()
        {
            return $this;
        }

        public function prepend($title)
        {
            array_unshift($this->titles, (string) $title);
            return $this;
        }
    }
}

namespace Psr\Log {
    interface LoggerInterface
    {
        public function error($message, array $context = []);

        public function warning($message, array $context = []);
    }
}

namespace {
    /** Magento's translation function. */
    function __($text, ...$arguments)
    {
        return new \Magento\Framework\Phrase($text, $arguments);
    }
}
