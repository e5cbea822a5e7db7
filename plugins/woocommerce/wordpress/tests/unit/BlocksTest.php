<?php
/**
 * Pay by SMS in the Checkout block.
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * Smspay_Blocks_Support.
 */
final class BlocksTest extends SmspayTestCase {

	/**
	 * WooCommerce's init: compatibility declarations and the Blocks registry.
	 */
	public function test_registers_with_the_checkout_block_and_declares_compatibility(): void {
		do_action( 'init' );
		$this->assertSame(
			array(
				'custom_order_tables'  => array( SMSPAY_WC_FILE => true ),
				'cart_checkout_blocks' => array( SMSPAY_WC_FILE => true ),
			),
			\Automattic\WooCommerce\Utilities\FeaturesUtil::$declared
		);
		$this->assertSame( array(), WP_Stand_In::$wrong );
		$this->assertInstanceOf( Smspay_Blocks_Support::class, WC_Stand_In::$blocks['smspay'] );
	}

	/**
	 * The script, its dependencies, and the data it reads.
	 */
	public function test_hands_the_script_its_settings(): void {
		do_action( 'init' );
		$blocks = WC_Stand_In::$blocks['smspay'];
		$blocks->initialize();
		$this->assertTrue( $blocks->is_active() );
		$this->assertSame( array( 'smspay-blocks' ), $blocks->get_payment_method_script_handles() );
		list( $src, $deps ) = WP_Stand_In::$scripts['smspay-blocks'];
		$this->assertStringEndsWith( '/smspay-woocommerce/assets/js/blocks.js', $src );
		$this->assertFileExists( dirname( SMSPAY_WC_FILE ) . '/assets/js/blocks.js' );
		$this->assertContains( 'wc-blocks-registry', $deps );
		$this->assertContains( 'wc-settings', $deps );
		$this->assertSame(
			array(
				'title'       => 'Pay by SMS',
				'description' => 'Pay with your phone.',
				'supports'    => array( 'products', 'refunds' ),
				'testMode'    => false,
				'testNotice'  => 'Test mode: only shop managers see this payment method.',
			),
			$blocks->get_payment_method_data()
		);
	}

	/**
	 * Inactive when the gateway would not be offered.
	 */
	public function test_inactive_when_disabled(): void {
		update_option( 'woocommerce_smspay_settings', array( 'enabled' => 'no' ) );
		do_action( 'init' );
		$blocks = WC_Stand_In::$blocks['smspay'];
		$blocks->initialize();
		$this->assertFalse( $blocks->is_active() );
	}

	/**
	 * The script registers the method under the gateway's name with what Blocks requires.
	 */
	public function test_the_script_registers_every_required_field(): void {
		$script = (string) file_get_contents( dirname( SMSPAY_WC_FILE ) . '/assets/js/blocks.js' );
		$this->assertStringContainsString( 'registerPaymentMethod({', $script );
		foreach ( array( 'name: "smspay"', 'label:', 'content:', 'edit:', 'canMakePayment:', 'ariaLabel:', 'supports:' ) as $field ) {
			$this->assertStringContainsString( $field, $script );
		}
		$this->assertStringContainsString( 'getSetting("smspay_data"', $script );
	}
}
