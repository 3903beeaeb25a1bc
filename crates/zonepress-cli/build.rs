include!("../../scripts/build_commit.rs");

fn main() {
    emit_commit();
}
