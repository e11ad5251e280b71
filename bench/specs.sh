# Sourced by the bench scripts. cap_epochs MODELS EPOCHS: adds epochs=EPOCHS to every neural spec
# of the comma-separated MODELS (options inside a spec joined by ':'); baselines take no epochs.
cap_epochs() {
  local specs="" spec m
  IFS=, read -ra list <<<"$1"
  for m in "${list[@]}"; do
    case "${m%%:*}" in
      pop|ease|itemknn|bpr|category-pop|content-knn) spec="$m" ;;
      *) spec="$m:epochs=$2" ;;
    esac
    specs="${specs:+$specs,}$spec"
  done
  echo "$specs"
}
