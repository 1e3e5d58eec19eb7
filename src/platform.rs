//! What kind of browser the app runs in, from the user agent. Pure, so it is tested natively.

/// Facts about the browser that change how the app behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Platform {
    /// WeChat's built-in browser (`MicroMessenger`).
    pub wechat: bool,
    /// iPhone, iPad (including iPadOS, which reports a Mac when also touch-capable) or iPod.
    pub ios: bool,
    pub android: bool,
}

impl Platform {
    pub fn from_user_agent(ua: &str, touch_points: u32) -> Platform {
        let ios = ["iPhone", "iPad", "iPod"].iter().any(|d| ua.contains(d))
            || (ua.contains("Macintosh") && touch_points > 1);
        Platform {
            wechat: ua.contains("MicroMessenger"),
            ios,
            android: ua.contains("Android"),
        }
    }

    /// On iOS WeChat, `history.pushState` breaks swipe-back and makes "copy link" return the
    /// page the reader landed on; there every link is a real page load instead.
    pub fn needs_full_page_navigation(self) -> bool {
        self.wechat && self.ios
    }

    /// Where the browser offers no install prompt of its own, the hint to show.
    pub fn install_hint(self) -> Option<InstallHint> {
        if self.wechat {
            Some(InstallHint::OpenInBrowser)
        } else if self.ios {
            Some(InstallHint::AddToHomeScreen)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallHint {
    /// iOS Safari: Share → Add to Home Screen.
    AddToHomeScreen,
    /// In-app web views: open in the system browser first.
    OpenInBrowser,
}
