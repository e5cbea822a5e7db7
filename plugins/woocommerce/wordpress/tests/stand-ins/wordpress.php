<?php
/**
 * The WordPress functions smspay-woocommerce and the WooCommerce stand-in
 * call, for PHPUnit (the activation test runs a real WordPress instead).
 * Hooks run like WordPress's. wp_remote_get/wp_remote_post come from
 * http-scripted.php (PHPUnit: answers the test scripts) or http-live.php
 * (end to end: real requests).
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * State the tests arrange and inspect.
 */
final class WP_Stand_In {
	/**
	 * Hooks: name => priority => callbacks.
	 *
	 * @var array
	 */
	public static $hooks = array();

	/**
	 * Hooks running now.
	 *
	 * @var string[]
	 */
	public static $running = array();

	/**
	 * do_action() counts.
	 *
	 * @var int[]
	 */
	public static $done = array();

	/**
	 * Options.
	 *
	 * @var array
	 */
	public static $options = array();

	/**
	 * Answers for the next HTTP calls: [status, body] or a WP_Error.
	 *
	 * @var array
	 */
	public static $http_answers = array();

	/**
	 * HTTP calls made: [method, url, args].
	 *
	 * @var array
	 */
	public static $http_requests = array();

	/**
	 * Scripts registered: handle => [src, deps].
	 *
	 * @var array
	 */
	public static $scripts = array();

	/**
	 * Admin pages added: [parent, title, capability, slug, callback].
	 *
	 * @var array
	 */
	public static $pages = array();

	/**
	 * Capabilities the current user has.
	 *
	 * @var string[]
	 */
	public static $capabilities = array();

	/**
	 * The locale.
	 *
	 * @var string
	 */
	public static $locale = 'en_US';

	/**
	 * _doing_it_wrong() calls.
	 *
	 * @var string[]
	 */
	public static $wrong = array();

	/**
	 * Forgets everything but hooks registered by loading the plugin.
	 */
	public static function reset(): void {
		self::$options       = array();
		self::$http_answers  = array();
		self::$http_requests = array();
		self::$scripts       = array();
		self::$pages         = array();
		self::$capabilities  = array();
		self::$locale        = 'en_US';
		self::$wrong         = array();
	}
}

/**
 * WordPress's error object.
 */
class WP_Error {
	/**
	 * Code.
	 *
	 * @var string
	 */
	private $code;

	/**
	 * Message.
	 *
	 * @var string
	 */
	private $message;

	/**
	 * Constructor.
	 *
	 * @param string $code    Code.
	 * @param string $message Message.
	 */
	public function __construct( $code = '', $message = '' ) {
		$this->code    = $code;
		$this->message = $message;
	}

	/**
	 * Code.
	 */
	public function get_error_code() {
		return $this->code;
	}

	/**
	 * Message.
	 */
	public function get_error_message() {
		return $this->message;
	}
}

/**
 * Whether $thing is a WP_Error.
 *
 * @param mixed $thing Anything.
 */
function is_wp_error( $thing ) {
	return $thing instanceof WP_Error;
}

/**
 * Adds a hook callback.
 *
 * @param string   $hook     Hook.
 * @param callable $callback Callback.
 * @param int      $priority Priority.
 * @param int      $args     Accepted arguments.
 */
function add_filter( $hook, $callback, $priority = 10, $args = 1 ) {
	WP_Stand_In::$hooks[ $hook ][ $priority ][] = array( $callback, $args );
	return true;
}

/**
 * Adds an action callback.
 *
 * @param string   $hook     Hook.
 * @param callable $callback Callback.
 * @param int      $priority Priority.
 * @param int      $args     Accepted arguments.
 */
function add_action( $hook, $callback, $priority = 10, $args = 1 ) {
	return add_filter( $hook, $callback, $priority, $args );
}

/**
 * Runs filters.
 *
 * @param string $hook  Hook.
 * @param mixed  $value Value.
 * @param mixed  ...$more More arguments.
 */
function apply_filters( $hook, $value, ...$more ) {
	$callbacks = WP_Stand_In::$hooks[ $hook ] ?? array();
	ksort( $callbacks );
	WP_Stand_In::$running[] = $hook;
	foreach ( $callbacks as $at_priority ) {
		foreach ( $at_priority as list( $callback, $args ) ) {
			$value = call_user_func_array( $callback, array_slice( array_merge( array( $value ), $more ), 0, $args ) );
		}
	}
	array_pop( WP_Stand_In::$running );
	return $value;
}

/**
 * Runs actions.
 *
 * @param string $hook Hook.
 * @param mixed  ...$args Arguments.
 */
function do_action( $hook, ...$args ) {
	WP_Stand_In::$done[ $hook ] = ( WP_Stand_In::$done[ $hook ] ?? 0 ) + 1;
	$callbacks                  = WP_Stand_In::$hooks[ $hook ] ?? array();
	ksort( $callbacks );
	WP_Stand_In::$running[] = $hook;
	foreach ( $callbacks as $at_priority ) {
		foreach ( $at_priority as list( $callback, $accepted ) ) {
			call_user_func_array( $callback, array_slice( $args, 0, $accepted ) );
		}
	}
	array_pop( WP_Stand_In::$running );
}

/**
 * Whether an action ran.
 *
 * @param string $hook Hook.
 */
function did_action( $hook ) {
	return WP_Stand_In::$done[ $hook ] ?? 0;
}

/**
 * Whether an action is running.
 *
 * @param string $hook Hook.
 */
function doing_action( $hook ) {
	return in_array( $hook, WP_Stand_In::$running, true );
}

/**
 * Whether a callback is hooked; its priority when it is.
 *
 * @param string   $hook     Hook.
 * @param callable $callback Callback.
 */
function has_action( $hook, $callback ) {
	foreach ( WP_Stand_In::$hooks[ $hook ] ?? array() as $priority => $at_priority ) {
		foreach ( $at_priority as list( $registered ) ) {
			if ( $registered === $callback ) {
				return $priority;
			}
		}
	}
	return false;
}

/**
 * Records misuse.
 *
 * @param string $function Function.
 * @param string $message  Message.
 * @param string $version  Version.
 */
function _doing_it_wrong( $function, $message, $version ) {
	WP_Stand_In::$wrong[] = $function . ': ' . $message;
}

/**
 * Translation (English is the source: unchanged).
 *
 * @param string $text   Text.
 * @param string $domain Text domain.
 */
function __( $text, $domain = 'default' ) {
	return $text;
}

/**
 * Translated and escaped.
 *
 * @param string $text   Text.
 * @param string $domain Text domain.
 */
function esc_html__( $text, $domain = 'default' ) {
	return esc_html( $text );
}

/**
 * Loads translations (nothing to load here).
 *
 * @param string $domain Domain.
 * @param bool   $deprecated Unused.
 * @param string $path   Path.
 */
function load_plugin_textdomain( $domain, $deprecated = false, $path = false ) {
	return true;
}

/**
 * The locale for this request.
 */
function determine_locale() {
	return WP_Stand_In::$locale;
}

/**
 * HTML-escapes.
 *
 * @param string $text Text.
 */
function esc_html( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8' );
}

/**
 * Attribute-escapes.
 *
 * @param string $text Text.
 */
function esc_attr( $text ) {
	return esc_html( $text );
}

/**
 * Escapes a URL for HTML: only http(s) survives.
 *
 * @param string $url URL.
 */
function esc_url( $url ) {
	return preg_match( '#^https?://#i', (string) $url ) ? esc_html( $url ) : '';
}

/**
 * Cleans a URL for storage.
 *
 * @param string $url URL.
 */
function esc_url_raw( $url ) {
	return preg_match( '#^https?://#i', (string) $url ) ? (string) $url : '';
}

/**
 * Removes slashes magic quotes would add.
 *
 * @param mixed $value Value.
 */
function wp_unslash( $value ) {
	return is_string( $value ) ? stripslashes( $value ) : $value;
}

/**
 * Plain text.
 *
 * @param string $text Text.
 */
function sanitize_text_field( $text ) {
	return trim( preg_replace( '/[\r\n\t ]+/', ' ', wp_strip_all_tags( (string) $text ) ) );
}

/**
 * Strips tags.
 *
 * @param string $text Text.
 */
function wp_strip_all_tags( $text ) {
	return strip_tags( $text );
}

/**
 * A valid email, or false.
 *
 * @param string $email Email.
 */
function is_email( $email ) {
	return filter_var( $email, FILTER_VALIDATE_EMAIL ) ? $email : false;
}

/**
 * JSON.
 *
 * @param mixed $data Data.
 */
function wp_json_encode( $data ) {
	return json_encode( $data );
}

/**
 * Option.
 *
 * @param string $name    Name.
 * @param mixed  $default Default.
 */
function get_option( $name, $default = false ) {
	return array_key_exists( $name, WP_Stand_In::$options ) ? WP_Stand_In::$options[ $name ] : $default;
}

/**
 * Saves an option.
 *
 * @param string $name  Name.
 * @param mixed  $value Value.
 */
function update_option( $name, $value ) {
	WP_Stand_In::$options[ $name ] = $value;
	return true;
}

/**
 * Deletes an option.
 *
 * @param string $name Name.
 */
function delete_option( $name ) {
	unset( WP_Stand_In::$options[ $name ] );
	return true;
}

/**
 * The site's URL.
 *
 * @param string $path Path.
 */
function home_url( $path = '' ) {
	return 'https://shop.example' . ( '' === $path ? '' : '/' . ltrim( $path, '/' ) );
}

/**
 * An admin URL.
 *
 * @param string $path Path.
 */
function admin_url( $path = '' ) {
	return 'https://shop.example/wp-admin/' . ltrim( $path, '/' );
}

/**
 * Adds a trailing slash.
 *
 * @param string $text Text.
 */
function trailingslashit( $text ) {
	return rtrim( $text, '/\\' ) . '/';
}

/**
 * Adds query arguments, unencoded as WordPress does: (key, value, url) or (array, url).
 *
 * @param mixed ...$args Arguments.
 */
function add_query_arg( ...$args ) {
	if ( is_array( $args[0] ) ) {
		$params = $args[0];
		$url    = $args[1];
	} else {
		$params = array( $args[0] => $args[1] );
		$url    = $args[2];
	}
	foreach ( $params as $key => $value ) {
		$url .= ( str_contains( $url, '?' ) ? '&' : '?' ) . $key . '=' . $value;
	}
	return $url;
}

/**
 * The plugin's folder/file name.
 *
 * @param string $file File.
 */
function plugin_basename( $file ) {
	return basename( dirname( $file ) ) . '/' . basename( $file );
}

/**
 * A URL inside a plugin.
 *
 * @param string $path   Path.
 * @param string $plugin Plugin file.
 */
function plugins_url( $path = '', $plugin = '' ) {
	return 'https://shop.example/wp-content/plugins/' . basename( dirname( $plugin ) ) . '/' . $path;
}

/**
 * Registers a script.
 *
 * @param string $handle Handle.
 * @param string $src    URL.
 * @param array  $deps   Dependencies.
 */
function wp_register_script( $handle, $src, $deps = array() ) {
	WP_Stand_In::$scripts[ $handle ] = array( $src, $deps );
	return true;
}

/**
 * Adds an admin page.
 *
 * @param string   $parent     Parent slug.
 * @param string   $title      Page title.
 * @param string   $menu       Menu title.
 * @param string   $capability Capability.
 * @param string   $slug       Slug.
 * @param callable $callback   Renderer.
 */
function add_submenu_page( $parent, $title, $menu, $capability, $slug, $callback ) {
	WP_Stand_In::$pages[] = array( $parent, $title, $capability, $slug, $callback );
	return $slug;
}

/**
 * Whether the current user may.
 *
 * @param string $capability Capability.
 */
function current_user_can( $capability ) {
	return in_array( $capability, WP_Stand_In::$capabilities, true );
}

/**
 * Status code of a response.
 *
 * @param array $response Response.
 */
function wp_remote_retrieve_response_code( $response ) {
	return $response['response']['code'] ?? '';
}

/**
 * Body of a response.
 *
 * @param array $response Response.
 */
function wp_remote_retrieve_body( $response ) {
	return $response['body'] ?? '';
}
