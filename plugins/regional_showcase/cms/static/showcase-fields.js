/* Two of Decap's widgets made safe for staff who write German (config.py names them):
 *
 * - showcase-number: a number as Germans write it, read the same in every browser locale.
 *   Decap's own field is an <input type=number>, which the browser's locale reads: „63,4“
 *   was saved as 634.
 * - showcase-list: Decap's list, asking before an item is removed (one click on × deleted
 *   a whole region from data/regions.yaml). */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var rules = window.SHOWCASE_RULES;
  var messages = rules.messages;

  /* „63,4“, „1.234,5“, „1.234“ (German thousands), „-0,5“; „63.4“ as typed by someone used
   * to a decimal point. Returns a number, or null for anything else („63,4,5“, „abc“). */
  function readNumber(text) {
    var t = String(text).replace(/[\s\u00a0\u202f]/g, "");
    if (/^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) t = t.replace(/\./g, "").replace(",", ".");
    else if (/^[-+]?\d+(,\d+)?$/.test(t)) t = t.replace(",", ".");
    else if (!/^[-+]?\d+\.\d+$/.test(t)) return null;
    var value = Number(t);
    return isFinite(value) ? value : null;
  }
  window.showcaseReadNumber = readNumber;

  function showNumber(value) {
    return value === "" || value === null || value === undefined ? "" : String(value).replace(".", ",");
  }

  var NumberControl = createClass({
    getInitialState: function () {
      return { text: typeof this.props.value === "number" ? showNumber(this.props.value) : String(this.props.value || "") };
    },
    componentDidUpdate: function () {
      // A value from outside (the entry loaded, a backup restored): show it.
      var value = this.props.value;
      if (typeof value === "number" && readNumber(this.state.text) !== value) {
        this.setState({ text: showNumber(value) });
      }
    },
    handleChange: function (event) {
      var text = event.target.value;
      this.setState({ text: text });
      var value = readNumber(text);
      // Something that is no number stays as typed, so isValid can name it before saving.
      this.props.onChange(text.trim() === "" ? "" : value === null ? text : value);
    },
    isValid: function () {
      var field = this.props.field;
      var value = this.props.value;
      var name = field.get("label", field.get("name"));
      if (value === "" || value === undefined || value === null) return true;
      if (typeof value !== "number") {
        return { error: { type: "CUSTOM", message: messages.notANumber.replace("{field}", name).replace("{text}", value) } };
      }
      if (field.get("value_type") === "int" && !Number.isInteger(value)) {
        return { error: { type: "CUSTOM", message: messages.notAWholeNumber.replace("{field}", name).replace("{text}", showNumber(value)) } };
      }
      var min = field.get("min"), max = field.get("max");
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
        var range = messages.outOfRange.replace("{field}", name).replace("{text}", showNumber(value))
          .replace("{min}", min === undefined ? "–" : showNumber(min)).replace("{max}", max === undefined ? "–" : showNumber(max));
        return { error: { type: "RANGE", message: range } };
      }
      return true;
    },
    render: function () {
      return h("input", {
        type: "text",
        inputMode: "decimal",
        id: this.props.forID,
        className: this.props.classNameWrapper,
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
        value: this.state.text,
        onChange: this.handleChange,
      });
    },
  });

  /* What an item of a list is called in the question: its name, label or title, else its
   * position. */
  function itemName(item, index) {
    if (item && typeof item.get === "function") {
      var named = rules.summaryFields.map(function (key) { return item.get(key); }).filter(Boolean)[0];
      return named ? String(named) : "Eintrag " + (index + 1);
    }
    return item === undefined || item === null || item === "" ? "Eintrag " + (index + 1) : String(item);
  }

  var ListBase = CMS.getWidget("list").control;
  class ListControl extends ListBase {
    constructor(props) {
      super(props);
      var remove = this.handleRemove;
      var self = this;
      this.handleRemove = function (index, event) {
        var field = self.props.field;
        var question = messages.confirmRemove
          .replace("{item}", itemName(self.props.value && self.props.value.get(index), index))
          .replace("{list}", field.get("label", field.get("name")));
        if (!window.confirm(question)) {
          if (event && event.preventDefault) event.preventDefault();
          return;
        }
        remove(index, event);
      };
    }
  }

  CMS.registerWidget("showcase-number", NumberControl, CMS.getWidget("number").preview);
  CMS.registerWidget("showcase-list", ListControl, CMS.getWidget("list").preview);
})();
