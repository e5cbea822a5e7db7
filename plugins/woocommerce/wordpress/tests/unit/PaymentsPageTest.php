<?php
/**
 * WooCommerce > SMS payments.
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * Smspay_Payments_Page.
 */
final class PaymentsPageTest extends SmspayTestCase {

	/**
	 * Renders the page.
	 *
	 * @param string $cursor Cursor.
	 */
	private function render( string $cursor = '' ): string {
		ob_start();
		( new Smspay_Payments_Page( $this->gateway()->client() ) )->render( $cursor );
		return (string) ob_get_clean();
	}

	/**
	 * The page is under WooCommerce, for shop managers.
	 */
	public function test_is_a_woocommerce_submenu_for_shop_managers(): void {
		do_action( 'admin_menu' );
		$this->assertSame( array( 'woocommerce', 'SMS payments', 'manage_woocommerce', 'smspay-payments' ), array_slice( WP_Stand_In::$pages[0], 0, 4 ) );
	}

	/**
	 * Lists payments with links to orders, and pages with nextCursor.
	 */
	public function test_lists_payments_and_pages_on(): void {
		$this->order( array( 'id' => 1001 ) );
		$this->smspay_answers(
			200,
			array(
				'data'       => array(
					$this->payment( array( 'status' => 'succeeded', 'refundedAmount' => 150, 'customer' => array( 'phoneLast4' => '5678' ) ) ),
					$this->payment( array( 'id' => 'pay_2', 'orderRef' => '77', 'amount' => 99 ) ),
				),
				'nextCursor' => 'WyIyMDI2Il0',
			)
		);
		$html = $this->render( 'WyJwcmV2Il0' );
		$this->assertStringEndsWith( '/v1/payments?limit=20&cursor=WyJwcmV2Il0', WP_Stand_In::$http_requests[0][1] );
		$this->assertStringContainsString( '<code>pay_abc</code>', $html );
		$this->assertStringContainsString( 'href="https://shop.example/wp-admin/admin.php?page=wc-orders&amp;action=edit&amp;id=1001">#1001</a>', $html );
		$this->assertStringContainsString( '<td>77</td>', $html );
		$this->assertStringContainsString( '4.50 EUR (1.50 EUR refunded)', $html );
		$this->assertStringContainsString( '0.99 EUR', $html );
		$this->assertStringContainsString( '…5678', $html );
		$this->assertStringContainsString( 'page=smspay-payments&amp;cursor=WyIyMDI2Il0', $html );
		$this->assertStringContainsString( '>Newest<', $html );
	}

	/**
	 * Whatever smspay sends is escaped.
	 */
	public function test_escapes_everything(): void {
		$this->smspay_answers(
			200,
			array(
				'data'       => array( $this->payment( array( 'id' => '<script>alert(1)</script>', 'orderRef' => '"><img src=x onerror=alert(1)>', 'status' => '<b>x</b>' ) ) ),
				'nextCursor' => null,
			)
		);
		$html = $this->render();
		$this->assertStringNotContainsString( '<script>', $html );
		$this->assertStringNotContainsString( '<img', $html );
		$this->assertStringNotContainsString( '<b>x', $html );
		$this->assertStringContainsString( '&lt;script&gt;alert(1)&lt;/script&gt;', $html );
		$this->assertStringNotContainsString( 'Older', $html );
	}

	/**
	 * smspay's refusal is shown, not a blank page.
	 */
	public function test_shows_smspays_error(): void {
		$this->smspay_answers( 401, $this->problem( 401, 'unauthorized' ) );
		$this->assertStringContainsString( 'notice-error', $this->render() );
	}
}
