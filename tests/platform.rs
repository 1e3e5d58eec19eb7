#![cfg(not(target_arch = "wasm32"))]
//! Browser detection from real user-agent strings.

use wenji::platform::{InstallHint, Platform};

const WECHAT_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322f) NetType/WIFI Language/zh_CN";
const WECHAT_ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
const SAFARI_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const IPADOS: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36";

#[test]
fn wechat_on_ios_uses_full_page_navigation_and_suggests_the_browser() {
    let p = Platform::from_user_agent(WECHAT_IOS, 5);
    assert!(p.wechat && p.ios);
    assert!(p.needs_full_page_navigation());
    assert_eq!(p.install_hint(), Some(InstallHint::OpenInBrowser));
}

#[test]
fn wechat_on_android_keeps_in_app_navigation() {
    let p = Platform::from_user_agent(WECHAT_ANDROID, 5);
    assert!(p.wechat && p.android && !p.ios);
    assert!(!p.needs_full_page_navigation());
    assert_eq!(p.install_hint(), Some(InstallHint::OpenInBrowser));
}

#[test]
fn ios_safari_and_ipados_get_the_home_screen_hint() {
    assert_eq!(
        Platform::from_user_agent(SAFARI_IOS, 5).install_hint(),
        Some(InstallHint::AddToHomeScreen)
    );
    assert!(
        Platform::from_user_agent(IPADOS, 5).ios,
        "iPadOS reports a Mac with touch"
    );
    assert!(
        !Platform::from_user_agent(IPADOS, 0).ios,
        "a real Mac has no touch points"
    );
}

#[test]
fn chrome_on_android_has_its_own_prompt() {
    let p = Platform::from_user_agent(CHROME_ANDROID, 5);
    assert_eq!(p.install_hint(), None);
    assert!(!p.needs_full_page_navigation());
}
