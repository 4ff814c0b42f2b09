//! Inline edits of one product field from what the user typed, with validation. Pure, so the
//! rules (price ≥ 0 with at most two decimals, integer stock, digit-only 商品ID) are tested here.

use crate::model::{Fen, Product, ProductRole, ProductStatus};

/// An editable column of the products table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Sku,
    ItemId,
    Title,
    Category,
    ListPrice,
    Cost,
    Stock,
    Status,
    Role,
    Keywords,
    Tags,
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::Sku => "sku",
            Field::ItemId => "item_id",
            Field::Title => "title",
            Field::Category => "category",
            Field::ListPrice => "list_price",
            Field::Cost => "cost",
            Field::Stock => "stock",
            Field::Status => "status",
            Field::Role => "role",
            Field::Keywords => "keywords",
            Field::Tags => "tags",
        }
    }

    pub fn from_key(k: &str) -> Option<Field> {
        [
            Field::Sku,
            Field::ItemId,
            Field::Title,
            Field::Category,
            Field::ListPrice,
            Field::Cost,
            Field::Stock,
            Field::Status,
            Field::Role,
            Field::Keywords,
            Field::Tags,
        ]
        .into_iter()
        .find(|f| f.key() == k)
    }

    /// The current value as the editor shows it.
    pub fn current(self, p: &Product) -> String {
        match self {
            Field::Sku => p.sku.clone(),
            Field::ItemId => p.item_id.clone(),
            Field::Title => p.title.clone(),
            Field::Category => p.category.clone(),
            Field::ListPrice => p.list_price.to_plain(),
            Field::Cost => p.cost.to_plain(),
            Field::Stock => p.stock.to_string(),
            Field::Status => p.status.key().to_string(),
            Field::Role => p.role.key().to_string(),
            Field::Keywords => p.keywords.join(", "),
            Field::Tags => p.tags.join(", "),
        }
    }
}

/// Why an edit was refused; the value stays as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditError {
    /// Not an amount ≥ 0 with at most two decimals.
    BadMoney,
    /// Not a whole number from 0 to 1,000,000,000.
    BadStock,
    /// 商品ID must be digits only; `9.88E+11` style values come from Excel and are refused.
    BadItemId,
    TooLong(usize),
    BadChoice,
}

const MAX_TEXT: usize = 200;
const MAX_TITLE: usize = 300;

fn list(input: &str) -> Vec<String> {
    input
        .split([',', '，', '、', ';', '；'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .take(50)
        .collect()
}

fn text(input: &str, max: usize) -> Result<String, EditError> {
    let t = input.trim();
    if t.chars().count() > max {
        Err(EditError::TooLong(max))
    } else {
        Ok(t.to_string())
    }
}

/// Apply the typed `input` to `field` of `p`.
pub fn apply(p: &mut Product, field: Field, input: &str) -> Result<(), EditError> {
    match field {
        Field::Sku => p.sku = text(input, MAX_TEXT)?,
        Field::Category => p.category = text(input, MAX_TEXT)?,
        Field::Title => p.title = text(input, MAX_TITLE)?,
        Field::ItemId => {
            let t = input.trim();
            if t.len() > 30 || !t.chars().all(|c| c.is_ascii_digit()) {
                return Err(EditError::BadItemId);
            }
            p.item_id = t.to_string();
        }
        Field::ListPrice => p.list_price = Fen::parse_yuan(input).ok_or(EditError::BadMoney)?,
        Field::Cost => p.cost = Fen::parse_yuan(input).ok_or(EditError::BadMoney)?,
        Field::Stock => {
            let t: String = input.trim().chars().filter(|c| *c != ',').collect();
            match t.parse::<i64>() {
                Ok(n) if (0..=1_000_000_000).contains(&n) => p.stock = n,
                _ => return Err(EditError::BadStock),
            }
        }
        Field::Status => {
            p.status = ProductStatus::from_key(input.trim()).ok_or(EditError::BadChoice)?
        }
        Field::Role => p.role = ProductRole::from_key(input.trim()).ok_or(EditError::BadChoice)?,
        Field::Keywords => p.keywords = list(input),
        Field::Tags => p.tags = list(input),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> Product {
        Product::new("x".into(), 1)
    }

    #[test]
    fn price_must_be_non_negative_with_two_decimals() {
        let mut x = p();
        assert_eq!(apply(&mut x, Field::ListPrice, "199.9"), Ok(()));
        assert_eq!(x.list_price, Fen(19_990));
        assert_eq!(
            apply(&mut x, Field::ListPrice, "-1"),
            Err(EditError::BadMoney)
        );
        assert_eq!(
            apply(&mut x, Field::Cost, "1.999"),
            Err(EditError::BadMoney)
        );
        assert_eq!(apply(&mut x, Field::Cost, "abc"), Err(EditError::BadMoney));
        assert_eq!(x.list_price, Fen(19_990), "refused edit leaves the value");
    }

    #[test]
    fn stock_must_be_a_whole_number() {
        let mut x = p();
        assert_eq!(apply(&mut x, Field::Stock, "1,200"), Ok(()));
        assert_eq!(x.stock, 1200);
        for bad in ["1.5", "-3", "", "lots", "99999999999"] {
            assert_eq!(
                apply(&mut x, Field::Stock, bad),
                Err(EditError::BadStock),
                "{bad}"
            );
        }
    }

    #[test]
    fn item_id_refuses_excel_scientific_notation() {
        let mut x = p();
        assert_eq!(
            apply(&mut x, Field::ItemId, "9.88E+11"),
            Err(EditError::BadItemId)
        );
        assert_eq!(apply(&mut x, Field::ItemId, "688123456789"), Ok(()));
        assert_eq!(x.item_id, "688123456789");
    }

    #[test]
    fn keywords_split_on_chinese_and_ascii_commas() {
        let mut x = p();
        apply(&mut x, Field::Keywords, "保温杯， 男士 ,大容量、 ").ok();
        assert_eq!(x.keywords, vec!["保温杯", "男士", "大容量"]);
        assert_eq!(Field::Keywords.current(&x), "保温杯, 男士, 大容量");
    }

    #[test]
    fn status_and_role_accept_only_known_values() {
        let mut x = p();
        assert_eq!(apply(&mut x, Field::Status, "off_shelf"), Ok(()));
        assert_eq!(x.status, ProductStatus::OffShelf);
        assert_eq!(
            apply(&mut x, Field::Role, "boss"),
            Err(EditError::BadChoice)
        );
    }

    #[test]
    fn title_is_trimmed_and_capped() {
        let mut x = p();
        apply(&mut x, Field::Title, "  新款保温杯  ").ok();
        assert_eq!(x.title, "新款保温杯");
        assert_eq!(
            apply(&mut x, Field::Title, &"长".repeat(301)),
            Err(EditError::TooLong(300))
        );
    }
}
