<?php
/**
 * The gateway as WooCommerce lists and configures it.
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * Settings and availability.
 */
final class GatewaySettingsTest extends SmspayTestCase {

	/**
	 * WooCommerce gets the gateway from the woocommerce_payment_gateways filter.
	 */
	public function test_registers_with_woocommerce(): void {
		$gateways = WC()->payment_gateways()->payment_gateways();
		$this->assertInstanceOf( WC_Gateway_Smspay::class, $gateways['smspay'] );
		$gateway = $gateways['smspay'];
		$this->assertSame( array( 'products', 'refunds' ), $gateway->supports );
		$this->assertFalse( $gateway->has_fields );
	}

	/**
	 * Every setting the merchant needs, with safe defaults (off, nothing secret).
	 */
	public function test_settings_fields_and_defaults(): void {
		delete_option( 'woocommerce_smspay_settings' );
		$gateway = $this->gateway();
		$this->assertSame(
			array( 'enabled', 'title', 'description', 'smspay_url', 'api_key', 'webhook_secret', 'testmode' ),
			array_keys( $gateway->get_form_fields() )
		);
		$this->assertSame( 'no', $gateway->get_option( 'enabled' ) );
		$this->assertSame( 'no', $gateway->get_option( 'testmode' ) );
		$this->assertSame( 'Pay by SMS', $gateway->get_title() );
		$this->assertSame( '', $gateway->get_option( 'api_key' ) );
		$this->assertSame( 'password', $gateway->get_form_fields()['api_key']['type'] );
		$this->assertSame( 'password', $gateway->get_form_fields()['webhook_secret']['type'] );
		$this->assertStringContainsString( 'https://shop.example/?wc-api=smspay', $gateway->get_form_fields()['webhook_secret']['description'] );
		$this->assertFalse( $gateway->is_available() );
	}

	/**
	 * Saving keeps an https URL and refuses anything else.
	 */
	public function test_saving_validates_the_smspay_url(): void {
		$gateway = $this->gateway();
		$posted  = array(
			'enabled'    => '1',
			'smspay_url' => 'https://pay.example/',
			'api_key'    => 'sk_live',
		);
		$this->assertTrue( $gateway->process_admin_options( $posted ) );
		$this->assertSame( 'https://pay.example/', get_option( 'woocommerce_smspay_settings' )['smspay_url'] );
		$this->assertFalse( $gateway->process_admin_options( array( 'smspay_url' => 'javascript:alert(1)' ) ) );
		$this->assertSame( 'https://pay.example/', get_option( 'woocommerce_smspay_settings' )['smspay_url'] );
	}

	/**
	 * Offered only when configured; in test mode only to shop managers.
	 */
	public function test_availability(): void {
		$this->assertTrue( $this->gateway()->is_available() );

		$settings            = get_option( 'woocommerce_smspay_settings' );
		$settings['testmode'] = 'yes';
		update_option( 'woocommerce_smspay_settings', $settings );
		$this->assertFalse( $this->gateway()->is_available() );
		WP_Stand_In::$capabilities = array( 'manage_woocommerce' );
		$this->assertTrue( $this->gateway()->is_available() );

		$settings['api_key'] = '';
		update_option( 'woocommerce_smspay_settings', $settings );
		$this->assertFalse( $this->gateway()->is_available() );
	}
}
