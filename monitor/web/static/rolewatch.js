// rolewatch: the only script of ours (htmx is the other). A filter form sent by htmx leaves its
// empty fields out, so the address it pushes is the one a person would write.
document.addEventListener("htmx:configRequest", function (event) {
  var params = event.detail.parameters;
  if (params instanceof FormData) {
    var empty = [];
    params.forEach(function (value, key) { if (value === "") { empty.push(key); } });
    empty.forEach(function (key) {
      var kept = params.getAll(key).filter(function (v) { return v !== ""; });
      params.delete(key);
      kept.forEach(function (v) { params.append(key, v); });
    });
  } else {
    Object.keys(params).forEach(function (key) {
      if (params[key] === "") { delete params[key]; }
    });
  }
});
