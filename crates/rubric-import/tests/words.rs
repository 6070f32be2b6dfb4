//! The words of a cell read as values: wrapped names, offices, deadlines, points and numbering,
//! as the seeds write them.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code: failing loudly is the point

use rubric_import::words::{Due, due, numbered, offices, people, stated_points};
use rust_decimal::Decimal;

#[test]
fn names_wrapped_in_a_cell_stay_one_name() {
    assert_eq!(people("李伟春\n刘 甜"), ["李伟春", "刘甜"]);
    assert_eq!(people("查汉\n苏布德"), ["查汉苏布德"]);
    assert_eq!(people("查 汉\n苏布德"), ["查汉苏布德"]);
    assert_eq!(people("阿日\n古那"), ["阿日古那"]);
    assert_eq!(people("郝建丽\n珠 拉"), ["郝建丽", "珠拉"]);
    assert_eq!(people("邱 博"), ["邱博"]);
    assert_eq!(offices("综合股\n服务\n中心"), ["综合股", "服务中心"]);
    assert_eq!(offices("服务\n中心"), ["服务中心"]);
}

#[test]
fn deadlines_are_dates_where_the_text_is_one() {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(due("2024年\n12月底"), Some(Due::Date(d("2024-12-31"))));
    assert_eq!(due("2024年7月底"), Some(Due::Date(d("2024-07-31"))));
    assert_eq!(due("2024年2月底"), Some(Due::Date(d("2024-02-29"))));
    assert_eq!(due("按规定时间\n节点完成"), Some(Due::Text("按规定时间节点完成".into())));
    assert_eq!(due("清明节\n2024年9月30日"), Some(Due::Text("清明节 2024年9月30日".into())));
    assert_eq!(due("  "), None);
}

#[test]
fn points_and_numbering() {
    let p: Vec<Decimal> =
        stated_points("做好数据安全保障工作( 1 分 ) ；(0.5  分)；（3分）；1.5分").into_iter().map(|p| p.0).collect();
    assert_eq!(p, [Decimal::ONE, Decimal::new(5, 1), Decimal::from(3)]);
    assert_eq!(numbered("1.扎实做好").map(|n| n.0), Some("1".into()));
    assert_eq!(numbered("(2)推进").map(|n| n.0), Some("2".into()));
    assert_eq!(numbered("③ 加强").map(|n| n.0), Some("3".into()));
    assert_eq!(numbered("1.5分"), None);
    assert_eq!(numbered("推动退役军人充分高质量就业。"), None);
}
