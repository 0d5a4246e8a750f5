// /insights: a link to a section (#gaps) opens the closed panel around it. Chromium does this
// by itself; older Firefox and Safari scroll to a hidden section and show nothing.
const openLinkedPanel = () => {
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!target) return;
  for (let node = target; node; node = node.parentElement) {
    if (node.tagName === "DETAILS") node.open = true;
  }
  target.scrollIntoView();
};
window.addEventListener("hashchange", openLinkedPanel);
openLinkedPanel();
