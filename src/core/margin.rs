//! Unit economics of a product at its list price.

use crate::model::Fen;

/// Platform fee (佣金 / 软件服务费) on an amount, rounded half up to the fen.
pub fn platform_fee(amount: Fen, fee_rate_bp: u32) -> Fen {
    let v = i128::from(amount.0) * i128::from(fee_rate_bp);
    let fee = (v + 5_000).div_euclid(10_000);
    Fen(i64::try_from(fee).unwrap_or(i64::MAX))
}

/// Gross margin after the platform fee, in basis points of the price:
/// (price − cost − fee) / price. None when the price is zero (margin undefined).
pub fn margin_bp(price: Fen, cost: Fen, fee_rate_bp: u32) -> Option<i64> {
    if price.0 <= 0 {
        return None;
    }
    let profit =
        i128::from(price.0) - i128::from(cost.0) - i128::from(platform_fee(price, fee_rate_bp).0);
    let bp = (profit * 10_000).div_euclid(i128::from(price.0));
    i64::try_from(bp).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margin_subtracts_cost_and_platform_fee() {
        // ¥100 price, ¥40 cost, 5% fee (¥5) → 55%
        assert_eq!(margin_bp(Fen(10_000), Fen(4_000), 500), Some(5_500));
    }

    #[test]
    fn margin_is_negative_below_cost() {
        assert_eq!(margin_bp(Fen(10_000), Fen(12_000), 500), Some(-2_500));
    }

    #[test]
    fn margin_undefined_at_zero_price() {
        assert_eq!(margin_bp(Fen(0), Fen(100), 500), None);
    }

    #[test]
    fn fee_rounds_half_up_to_the_fen() {
        assert_eq!(platform_fee(Fen(1_990), 500), Fen(100)); // 99.5 fen → 100
        assert_eq!(platform_fee(Fen(1_989), 500), Fen(99));
    }
}
