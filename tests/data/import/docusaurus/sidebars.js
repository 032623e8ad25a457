// @ts-check
/** @type {import('@docusaurus/plugin-content-docs').SidebarsConfig} */
const sidebars = {
  docs: [
    'intro',
    {
      type: 'category',
      label: 'Guides',
      items: ['guides/setup', {type: 'doc', id: 'guides/deploy'}],
    },
  ],
};
module.exports = sidebars;
